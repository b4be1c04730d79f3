package dev.gridforge.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generated JVM loops against the annotated method itself, at every mesh point. */
class HaversineKernelTest {

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"200, 200", "37, 53", "1, 5", "2, 1"})
    void jvmBackendEqualsTheJavaMethodBitForBit(int nx, int ny) {
        Mesh mesh = Mesh.linspace(29, 31, nx, 99, 101, ny);
        try (DoubleField z = HaversineKernels.on(Backend.JVM).distance(mesh, 30.0, 101.0, 1.0)) {
            assertEquals(Shape.of(nx, ny), z.shape());
            double[] values = z.toArray();
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double expected = Haversine.distance(mesh.coord(0, x), mesh.coord(1, y), 30.0, 101.0, 1.0);
                    double actual = values[x + nx * y];
                    if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
                        fail("Z[" + y + "][" + x + "] = " + actual + " but Haversine.distance gives " + expected);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"0.5, 100.0, 6371.0", "-12.25, 3.0, 2.0"})
    void constantsReachTheKernel(double lat2, double lon2, double scale) {
        Mesh mesh = Mesh.linspace(-10, 10, 9, 0, 180, 7);
        double[] z = HaversineKernels.on(Backend.JVM).distance(mesh, lat2, lon2, scale).toArray();
        assertEquals(Haversine.distance(mesh.coord(0, 8), mesh.coord(1, 6), lat2, lon2, scale), z[z.length - 1]);
        assertEquals(Haversine.distance(mesh.coord(0, 3), mesh.coord(1, 2), lat2, lon2, scale), z[3 + 9 * 2]);
    }
}
