package dev.gridforge.samples;

import dev.gridforge.runtime.Backend;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;

/** {@code --backend auto|cuda|jvm|cuda-sim}, spelled as {@link Backend#id()}. */
final class BackendConverter implements ITypeConverter<Backend> {

    @Override
    public Backend convert(String value) {
        return Backend.parse(value);
    }

    /** The accepted spellings, for the help text. */
    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Backend.values()).map(Backend::id).iterator();
        }
    }
}
