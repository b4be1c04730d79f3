package dev.gridforge.processor.bench;

import java.util.List;
import java.util.Map;

/**
 * What {@code @Bench} asks of one kernel, checked against it: the sizes (launch shapes, and the
 * shapes of its array views), the constants' values as Java literals, the steps of a time
 * loop (0: single launches only), and the ranges given for inputs' random values.
 */
public record BenchSpec(List<Size> sizes, Map<String, String> constants, int steps, Map<String, Range> values) {

    /** The range of an input's random values, as Java literals. */
    public record Range(String lo, String hi) {
    }

    /**
     * One size.
     *
     * @param label  as written, normalised ({@code 256x256x16; x=256x256x28x16})
     * @param launch the launch's extents, axis 0 first
     * @param arrays each array view's extents, in parameter order
     */
    public record Size(String label, List<Integer> launch, Map<String, List<Integer>> arrays) {
        public Size {
            launch = List.copyOf(launch);
            arrays = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arrays)); // in parameter order
        }

        static String label(List<Integer> launch, Map<String, List<Integer>> arrays) {
            StringBuilder sb = new StringBuilder(extents(launch));
            arrays.forEach((k, v) -> sb.append("; ").append(k).append('=').append(extents(v)));
            return sb.toString();
        }

        static String extents(List<Integer> e) {
            return String.join("x", e.stream().map(String::valueOf).toList());
        }
    }

    public BenchSpec {
        sizes = List.copyOf(sizes);
        constants = Map.copyOf(constants);
        values = Map.copyOf(values);
    }
}
