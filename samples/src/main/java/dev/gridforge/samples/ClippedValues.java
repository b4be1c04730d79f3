package dev.gridforge.samples;

import java.util.Locale;

/**
 * The values of a run's pictures that fell outside their colour range (and so were drawn in
 * its end colours), counted frame by frame, so the run can say so instead of clipping silently:
 * how many pictures, and the lowest and highest values with their steps.
 */
final class ClippedValues {

    /** One frame's extremes: its lowest and highest values (NaN ignored) and whether it held a NaN. */
    record Extremes(double min, double max, boolean nan) {
        static Extremes of(double[] values) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            boolean nan = false;
            for (double v : values) {
                if (v != v) {
                    nan = true;
                } else {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            return new Extremes(min, max, nan);
        }
    }

    private final double low;
    private final double high;
    private int frames;
    private int clipped;
    private int withNan;
    private double lowest = Double.POSITIVE_INFINITY;
    private long lowestStep;
    private double highest = Double.NEGATIVE_INFINITY;
    private long highestStep;

    ClippedValues(double low, double high) {
        this.low = low;
        this.high = high;
    }

    /** Counts one frame. */
    void add(Extremes e, long step) {
        frames++;
        if (e.min() < low || e.max() > high) {
            clipped++;
        }
        if (e.nan()) {
            withNan++;
        }
        if (e.min() < lowest) {
            lowest = e.min();
            lowestStep = step;
        }
        if (e.max() > highest) {
            highest = e.max();
            highestStep = step;
        }
    }

    /** The run's line about it, or null when every value of every picture was within the range. */
    String report() {
        if (clipped == 0 && withNan == 0) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        if (clipped > 0) {
            s.append(String.format(Locale.ROOT, "%d of %d pictures have values outside the colour range [%s, %s], drawn in"
                    + " its end colours (marked on the colour bar):", clipped, frames, FramePainter.number(low, 6),
                    FramePainter.number(high, 6)));
            String sep = " ";
            if (lowest < low) {
                s.append(sep).append("as low as ").append(FramePainter.number(lowest, 6)).append(" at step ").append(lowestStep);
                sep = ", ";
            }
            if (highest > high) {
                s.append(sep).append("as high as ").append(FramePainter.number(highest, 6)).append(" at step ").append(highestStep);
            }
        }
        if (withNan > 0) {
            s.append(clipped > 0 ? "; " : "").append(withNan).append(" of ").append(frames)
                    .append(" pictures have NaN values, drawn black");
        }
        return s.toString();
    }
}
