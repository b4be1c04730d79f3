package dev.gridforge.samples;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the samples jar's version, from its manifest when packaged. */
final class GridforgeVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Samples.class.getPackage().getImplementationVersion();
        return new String[] {"gridforge samples " + (v != null ? v : "(development build)")};
    }
}
