package dev.gridforge.benchmarks;

import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Shape;

/** The mesh a benchmark of a kernel with {@code @Coord} parameters runs over: [0, 1] along each axis of the launch's shape. */
final class Meshes {
    private Meshes() {
    }

    static Mesh unit(Shape s) {
        return switch (s.rank()) {
            case 1 -> Mesh.linspace(0, 1, s.extent(0));
            case 2 -> Mesh.linspace(0, 1, s.extent(0), 0, 1, s.extent(1));
            case 3 -> Mesh.linspace(0, 1, s.extent(0), 0, 1, s.extent(1), 0, 1, s.extent(2));
            default -> throw new BenchmarkException("a mesh has 1 to 3 axes; this launch has " + s.rank());
        };
    }
}
