package dev.gridforge.samples;

/**
 * What a sample's pictures show: the field's name, its colours over [low, high] ({@code levels}
 * flat bands like contourf's, or 0 for a smooth ramp), the coordinates its first and last
 * points have along x and y, and the time one step advances ({@code NaN} where the run has no
 * time of its own, only steps).
 */
record PictureStyle(String field, ColourMap colours, double low, double high, int levels,
                    double x0, double x1, double y0, double y1, double dt) {

    PictureStyle {
        if (!(low < high)) {
            throw new IllegalArgumentException("a colour range needs low < high, got [" + low + ", " + high + "]");
        }
    }

    /** The colour of {@code value}: clamped to the range's end colours, NaN black. */
    int rgb(double value) {
        double t = (value - low) / (high - low);
        return levels > 0 ? colours.rgb(t, levels) : colours.rgb(t);
    }
}
