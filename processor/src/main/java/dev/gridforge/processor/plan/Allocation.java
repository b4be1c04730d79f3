package dev.gridforge.processor.plan;

import dev.gridforge.processor.ir.Type;

/**
 * A local array of the point function, and where each backend keeps it.
 *
 * @param device where a GPU thread keeps it
 * @param host   how the JVM loops allocate it
 */
public record Allocation(String name, Type type, int length, DeviceMemory device, HostScope host) {

    /** Where a GPU thread keeps a local array. */
    public enum DeviceMemory {
        /**
         * Registers: every access has a constant index once the loops the plan marks are unrolled,
         * and the arrays together fit the register budget.
         */
        REGISTER,
        /** The thread's local memory (cached, but a load and a store per access). */
        LOCAL
    }

    /** How long a host allocation lives. */
    public enum HostScope {
        /** Allocated once per worker of the JVM loops, and zeroed where the method's {@code new} stands. */
        WORKER,
        /**
         * Allocated where the method's {@code new} stands, as the method does: for a name that sibling
         * blocks declare again (with their own lengths, which a read outside must see).
         */
        POINT
    }

    int bytes() {
        return length * type.bytes();
    }

    String describe() {
        return name + " " + type.javaName() + "[" + length + "]: on the device in " + device.name().toLowerCase(java.util.Locale.ROOT)
                + (device == DeviceMemory.REGISTER ? "s" : " memory") + ", on the host "
                + (host == HostScope.WORKER ? "once per worker, zeroed where declared" : "where declared (the name is declared again)");
    }
}
