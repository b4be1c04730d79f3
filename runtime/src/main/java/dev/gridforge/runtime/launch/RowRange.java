package dev.gridforge.runtime.launch;

/** A slice of rows {@code [from, to)} of a JVM launch. */
@FunctionalInterface
public interface RowRange {
    void run(int from, int to);
}
