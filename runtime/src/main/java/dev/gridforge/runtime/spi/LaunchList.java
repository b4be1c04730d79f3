package dev.gridforge.runtime.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Launches collected instead of run (while recording, or to compare a step with its
 * recording): each kernel, grid, block and argument list. Two lists are the same when every
 * launch has the same kernel, grid and block, and equal arguments: the same boxed values (bit
 * for bit) and the very same buffers.
 */
public final class LaunchList {

    /** One launch, as {@link Accelerator#launch} received it. */
    public record Launch(DeviceKernel kernel, int[] grid, int[] block, List<Object> args) {
        public Launch {
            Objects.requireNonNull(kernel, "kernel");
            grid = grid.clone();
            block = block.clone();
            args = List.copyOf(args);
        }
    }

    private final List<Launch> launches = new ArrayList<>();

    public void add(DeviceKernel kernel, int[] grid, int[] block, List<Object> args) {
        launches.add(new Launch(kernel, grid, block, args));
    }

    public List<Launch> launches() {
        return List.copyOf(launches);
    }

    public int size() {
        return launches.size();
    }

    /** Null when {@code other} holds the same launches as this list, else the first difference, in words. */
    public String differenceFrom(LaunchList other) {
        if (other.launches.size() != launches.size()) {
            return "the step made " + other.launches.size() + " launches where " + launches.size() + " were recorded";
        }
        for (int i = 0; i < launches.size(); i++) {
            Launch a = launches.get(i);
            Launch b = other.launches.get(i);
            String kernel = EntryPoints.kernelName(a.kernel().entry());
            String what = "launch " + (i + 1) + " of kernel '" + kernel + "'";
            if (a.kernel() != b.kernel()) {
                return "launch " + (i + 1) + " was kernel '" + kernel + "', now '" + EntryPoints.kernelName(b.kernel().entry()) + "'";
            }
            if (!Arrays.equals(a.grid(), b.grid()) || !Arrays.equals(a.block(), b.block())) {
                return what + " has another grid or block";
            }
            for (int k = 0; k < a.args().size(); k++) {
                Object x = a.args().get(k);
                Object y = b.args().get(k);
                boolean same = x instanceof DeviceBuffer ? x == y : Objects.equals(x, y);
                if (!same) {
                    return what + ": argument " + k + " was " + text(x) + ", now " + text(y);
                }
            }
        }
        return null;
    }

    private static String text(Object arg) {
        return arg instanceof DeviceBuffer b ? "another buffer (" + b.bytes() + " bytes)" : String.valueOf(arg);
    }
}
