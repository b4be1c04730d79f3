package dev.gridforge.runtime.reduce;

import dev.gridforge.runtime.launch.JvmLoops;

/**
 * Reductions of a host field's array on every core, with a result that does not depend on how
 * many: the array is cut into blocks of {@link #BLOCK} elements (the last one shorter), each block
 * is reduced from its first element to its last, and the blocks' partials are combined in block
 * order. Sums of {@code double} and {@code float} values accumulate in {@code double}; integer
 * sums, counts, and integer minima and maxima in {@code long}.
 */
final class HostReductions {

    /** Elements per block: a fixed size, so the summation order depends on the length only. */
    static final int BLOCK = 1 << 14;

    private HostReductions() {
    }

    /** A sum, minimum or maximum of a {@code double[]} or {@code float[]} (float min/max are exact in double). */
    static double reduceReal(Object data, Reduction op, boolean parallel) {
        int n = java.lang.reflect.Array.getLength(data);
        double[] partials = new double[blocks(n)];
        forBlocks(partials.length, parallel, b -> {
            int from = b * BLOCK;
            int to = Math.min(n, from + BLOCK);
            partials[b] = data instanceof double[] d ? realBlock(d, from, to, op) : realBlock((float[]) data, from, to, op);
        });
        double acc = realIdentity(op);
        for (double p : partials) {
            acc = combine(acc, p, op);
        }
        return acc;
    }

    /**
     * A sum, minimum or maximum of an {@code int[]} or {@code long[]} (a long sum wraps as Java's
     * addition does), or the count of non-finite values of a {@code double[]} or {@code float[]}.
     */
    static long reduceIntegral(Object data, Reduction op, boolean parallel) {
        int n = java.lang.reflect.Array.getLength(data);
        long[] partials = new long[blocks(n)];
        forBlocks(partials.length, parallel, b -> {
            int from = b * BLOCK;
            int to = Math.min(n, from + BLOCK);
            partials[b] = integralBlock(data, from, to, op);
        });
        long acc = integralIdentity(op, data instanceof int[]);
        for (long p : partials) {
            acc = combine(acc, p, op);
        }
        return acc;
    }

    private static int blocks(int n) {
        return (int) (((long) n + BLOCK - 1) / BLOCK);
    }

    private interface BlockBody {
        void run(int block);
    }

    private static void forBlocks(int blocks, boolean parallel, BlockBody body) {
        if (!parallel) {
            for (int b = 0; b < blocks; b++) {
                body.run(b);
            }
            return;
        }
        JvmLoops.forRows(blocks, (from, to) -> {
            for (int b = from; b < to; b++) {
                body.run(b);
            }
        });
    }

    private static double realIdentity(Reduction op) {
        return switch (op) {
            case SUM -> 0.0;
            case MIN -> Double.POSITIVE_INFINITY;
            case MAX -> Double.NEGATIVE_INFINITY;
            case NON_FINITE -> throw new IllegalArgumentException("counts are integral");
        };
    }

    private static double combine(double a, double b, Reduction op) {
        return switch (op) {
            case SUM -> a + b;
            case MIN -> Math.min(a, b);
            default -> Math.max(a, b);
        };
    }

    private static double realBlock(double[] d, int from, int to, Reduction op) {
        double acc = realIdentity(op);
        switch (op) {
            case SUM -> {
                for (int i = from; i < to; i++) {
                    acc += d[i];
                }
            }
            case MIN -> {
                for (int i = from; i < to; i++) {
                    acc = Math.min(acc, d[i]);
                }
            }
            default -> {
                for (int i = from; i < to; i++) {
                    acc = Math.max(acc, d[i]);
                }
            }
        }
        return acc;
    }

    private static double realBlock(float[] f, int from, int to, Reduction op) {
        double acc = realIdentity(op);
        switch (op) {
            case SUM -> {
                for (int i = from; i < to; i++) {
                    acc += f[i];
                }
            }
            case MIN -> {
                for (int i = from; i < to; i++) {
                    acc = Math.min(acc, f[i]);
                }
            }
            default -> {
                for (int i = from; i < to; i++) {
                    acc = Math.max(acc, f[i]);
                }
            }
        }
        return acc;
    }

    private static long integralIdentity(Reduction op, boolean ints) {
        return switch (op) {
            case SUM, NON_FINITE -> 0;
            case MIN -> ints ? Integer.MAX_VALUE : Long.MAX_VALUE;
            case MAX -> ints ? Integer.MIN_VALUE : Long.MIN_VALUE;
        };
    }

    private static long combine(long a, long b, Reduction op) {
        return switch (op) {
            case SUM, NON_FINITE -> a + b;
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
        };
    }

    private static long integralBlock(Object data, int from, int to, Reduction op) {
        long acc = integralIdentity(op, data instanceof int[]);
        if (op == Reduction.NON_FINITE) {
            if (data instanceof double[] d) {
                for (int i = from; i < to; i++) {
                    acc += Double.isFinite(d[i]) ? 0 : 1;
                }
            } else {
                float[] f = (float[]) data;
                for (int i = from; i < to; i++) {
                    acc += Float.isFinite(f[i]) ? 0 : 1;
                }
            }
        } else if (data instanceof int[] a) {
            for (int i = from; i < to; i++) {
                acc = combine(acc, a[i], op);
            }
        } else {
            long[] a = (long[]) data;
            for (int i = from; i < to; i++) {
                acc = combine(acc, a[i], op);
            }
        }
        return acc;
    }
}
