package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LinkErrorsTest {

    @Test
    void keepsTheDlerrorLineOfAJcudaLoadFailure() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver\"\n"
                + "Operating system name: Linux\n---(start of nested stack traces)---\n"
                + "java.lang.UnsatisfiedLinkError: no JCudaDriver in java.library.path: /usr/lib\n"
                + "\tat java.base/java.lang.ClassLoader.loadLibrary(ClassLoader.java:2434)\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver.so: libcuda.so.1: cannot open shared object file: No such file or directory\n");
        assertEquals("/tmp/libJCudaDriver.so: libcuda.so.1: cannot open shared object file: No such file or directory",
                LinkErrors.essence(e));
    }

    @Test
    void fallsBackToTheFirstLineOrTheClassName() {
        assertEquals("something odd", LinkErrors.essence(new UnsatisfiedLinkError("something odd\nmore")));
        assertEquals("UnsatisfiedLinkError", LinkErrors.essence(new UnsatisfiedLinkError()));
    }
}
