package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.spi.DeviceBuffer;
import java.util.List;
import java.util.function.Function;
import jcuda.NativePointerObject;
import jcuda.Pointer;

/**
 * The {@code kernelParams} array of {@code cuLaunchKernel}: one pointer per parameter, each
 * pointing at the parameter's value (for a buffer, at the device pointer itself).
 */
final class KernelArguments {

    private KernelArguments() {
    }

    /**
     * @param devicePointer the device pointer of a buffer; checks that the buffer belongs to
     *                      the launching accelerator and is open
     */
    static Pointer of(List<Object> args, Function<DeviceBuffer, Pointer> devicePointer) {
        NativePointerObject[] params = new NativePointerObject[args.size()];
        for (int i = 0; i < params.length; i++) {
            params[i] = pointerToValue(i, args.get(i), devicePointer);
        }
        return Pointer.to(params);
    }

    /** A host pointer to the parameter's value; for a buffer, to the variable holding its device address. */
    static Pointer pointerToValue(int index, Object arg, Function<DeviceBuffer, Pointer> devicePointer) {
        if (arg instanceof Integer v) {
            return Pointer.to(new int[] {v});
        }
        if (arg instanceof Long v) {
            return Pointer.to(new long[] {v});
        }
        if (arg instanceof Float v) {
            return Pointer.to(new float[] {v});
        }
        if (arg instanceof Double v) {
            return Pointer.to(new double[] {v});
        }
        if (arg instanceof DeviceBuffer b) {
            return Pointer.to(devicePointer.apply(b));
        }
        throw new IllegalArgumentException("kernel argument " + index + " is "
                + (arg == null ? "null" : "a " + arg.getClass().getName())
                + "; pass an Integer, Long, Float, Double or DeviceBuffer");
    }
}
