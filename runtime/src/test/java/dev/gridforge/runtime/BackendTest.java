package dev.gridforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackendTest {

    @Test
    void parsesIgnoringCase() {
        assertEquals(Backend.AUTO, Backend.parse("auto"));
        assertEquals(Backend.CUDA, Backend.parse("CUDA"));
        assertEquals(Backend.JVM, Backend.parse(" Jvm "));
        assertEquals(Backend.CUDA_SIM, Backend.parse("cuda-sim"));
        assertEquals(Backend.CUDA_SIM, Backend.parse("CUDA_SIM"));
    }

    @Test
    void unknownNamesListTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backend.parse("opencl"));
        assertTrue(e.getMessage().contains("'opencl'"), e.getMessage());
        assertTrue(e.getMessage().contains("auto, cuda, jvm, cuda-sim"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backend.parse(null));
    }

    @Test
    void idsRoundTrip() {
        for (Backend b : Backend.values()) {
            assertEquals(b, Backend.parse(b.id()));
            assertEquals(b.id(), b.toString());
        }
    }
}
