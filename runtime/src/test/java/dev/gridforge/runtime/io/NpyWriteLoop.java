package dev.gridforge.runtime.io;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Test support, run in a JVM of its own by {@link KilledWriteTest}: writes a file of ones with
 * {@link Npy#write(Path, double[], int...)}, says {@code ready}, then rewrites it as twos over and
 * over until it is killed.
 */
public final class NpyWriteLoop {

    private NpyWriteLoop() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        double[] data = new double[n];
        Arrays.fill(data, 1);
        Npy.write(target, data, n);
        System.out.println("ready");
        System.out.flush();
        Arrays.fill(data, 2);
        while (true) {
            Npy.write(target, data, n);
        }
    }
}
