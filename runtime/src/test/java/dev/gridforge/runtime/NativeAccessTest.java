package dev.gridforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The tests run with native access granted to the class path (the parent pom's surefire argLine),
 * so that JDK 24+ does not print a block of warnings into the build when JCuda and JNA load.
 */
class NativeAccessTest {

    @Test
    void theTestJvmGrantsNativeAccessToTheClassPath() throws Exception {
        assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().contains("--enable-native-access=ALL-UNNAMED"),
                "JVM arguments: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        Method enabled;
        try {
            enabled = Module.class.getMethod("isNativeAccessEnabled"); // JDK 22+
        } catch (NoSuchMethodException before22) {
            return; // JDK 17 to 21 accept the flag and never warn
        }
        assertEquals(true, enabled.invoke(getClass().getModule()), "native access of the unnamed module");
    }
}
