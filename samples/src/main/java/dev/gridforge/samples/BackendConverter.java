package dev.gridforge.samples;

import dev.gridforge.runtime.Backend;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;

/** {@code --backend auto|cuda|jvm|cuda-sim}, spelled as {@link Backend#id()}. */
final class BackendConverter implements ITypeConverter<Backend> {

    @Override
    public Backend convert(String value) {
        try {
            return Backend.parse(value);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** The accepted spellings, for the help text. */
    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Backend.values()).map(Backend::id).iterator();
        }
    }
}
