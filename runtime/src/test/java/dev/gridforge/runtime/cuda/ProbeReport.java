package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.GridforgeException;

/**
 * Run in a child JVM by {@link DriverWithoutGpuTest}, whose loader path holds a driver library:
 * prints what gridforge decides, one {@code key=value} line each (values on one line).
 */
public final class ProbeReport {

    private ProbeReport() {
    }

    @SuppressWarnings("try") // the device scope is only opened and closed
    public static void main(String[] args) {
        print("available", Boolean.toString(Cuda.isAvailable()));
        print("reason", Cuda.unavailableReason());
        print("auto", Gridforge.resolve(Backend.AUTO).id());
        try {
            Gridforge.resolve(Backend.CUDA);
            print("cuda", "resolved");
        } catch (GridforgeException e) {
            print("cuda", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        print("count", Integer.toString(Gridforge.cudaDeviceCount()));
        try (var five = Gridforge.onCudaDevice(5)) {
            Gridforge.accelerator(Backend.CUDA);
            print("device5", "resolved");
        } catch (GridforgeException e) {
            print("device5", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void print(String key, String value) {
        System.out.println(key + "=" + value.replace('\n', ' '));
    }
}
