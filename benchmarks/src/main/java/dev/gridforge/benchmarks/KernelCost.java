package dev.gridforge.benchmarks;

import dev.gridforge.runtime.Shape;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one point of a kernel costs, as the processor counted it from the kernel's launch plan
 * and wrote it into the generated benchmark (docs/benchmarks.md, "The static cost"): memory
 * bytes at the bandwidth bound (each input field's and grid's element once, each result once, and
 * each array view whole once per launch), cache bytes (every read), FLOPs and transcendental
 * functions, in terms repeated by loop trips that are constants or array extents.
 *
 * @param memoryBytesPerPoint the fields' and grids' elements read and the results written, per point
 * @param arrays              the array views, each read whole once per launch
 * @param terms               counts per point, each times its trips
 * @param exact               false where a loop's trips were not known (the counts are then a lower bound)
 */
public record KernelCost(int memoryBytesPerPoint, List<String> arrays, List<Term> terms, boolean exact) {

    public KernelCost {
        arrays = List.copyOf(arrays);
        terms = List.copyOf(terms);
    }

    /** Counts repeated by the product of {@code trips}. */
    public record Term(List<Trip> trips, long cacheBytes, long flops, long transcendentals) {
        public Term {
            trips = List.copyOf(trips);
        }

        public static Term of(long cacheBytes, long flops, long transcendentals, Trip... trips) {
            return new Term(List.of(trips), cacheBytes, flops, transcendentals);
        }
    }

    /** A loop's trips: a constant, or the extent of an array view along an axis. */
    public record Trip(int constant, String array, int axis) {
        public static Trip of(int constant) {
            return new Trip(constant, null, -1);
        }

        public static Trip extent(String array, int axis) {
            return new Trip(1, Objects.requireNonNull(array), axis);
        }

        long times(Map<String, Shape> shapes) {
            if (array == null) {
                return constant;
            }
            Shape s = shapes.get(array);
            if (s == null) {
                throw new IllegalArgumentException("no shape for array " + array);
            }
            return s.extent(axis);
        }
    }

    public static KernelCost of(int memoryBytesPerPoint, List<String> arrays, boolean exact, Term... terms) {
        return new KernelCost(memoryBytesPerPoint, arrays, List.of(terms), exact);
    }

    /**
     * The cost of a launch of {@code points} points whose array views have {@code arrayBytes}
     * bytes in all and the shapes {@code shapes}.
     */
    public Cost evaluate(long points, long arrayBytes, Map<String, Shape> shapes) {
        double cache = 0;
        double flops = 0;
        double transcendentals = 0;
        for (Term t : terms) {
            double times = 1;
            for (Trip trip : t.trips()) {
                times *= trip.times(shapes);
            }
            cache += times * t.cacheBytes();
            flops += times * t.flops();
            transcendentals += times * t.transcendentals();
        }
        return new Cost((double) points * memoryBytesPerPoint + arrayBytes, points * cache, points * flops, points * transcendentals,
                exact);
    }

    /** A launch's totals. */
    public record Cost(double memoryBytes, double cacheBytes, double flops, double transcendentals, boolean exact) {
        /** FLOPs per byte moved at the bandwidth bound. */
        public double intensity() {
            return memoryBytes == 0 ? Double.POSITIVE_INFINITY : flops / memoryBytes;
        }
    }
}
