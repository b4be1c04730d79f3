package dev.gridforge.samples;

/**
 * Colour maps for the samples' pictures, as piecewise-linear ramps through a few anchor colours
 * (what matplotlib's maps are too, with more anchors), optionally cut into a number of flat
 * levels like contourf's.
 */
enum ColourMap {
    /** Blue through white to red: for fields around zero (the wave). */
    DIVERGING(0x3b4cc0, 0x8db0fe, 0xdddddd, 0xf49a7b, 0xb40426),
    /** Dark blue through green to yellow (viridis's anchors): for concentrations (Gray-Scott). */
    SEQUENTIAL(0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725);

    private final int[] anchors;

    ColourMap(int... anchors) {
        this.anchors = anchors;
    }

    /** The colour of {@code t} in [0, 1] (clamped; NaN is black). */
    int rgb(double t) {
        if (Double.isNaN(t)) {
            return 0;
        }
        double x = Math.max(0, Math.min(1, t)) * (anchors.length - 1);
        int i = Math.min((int) x, anchors.length - 2);
        double f = x - i;
        int a = anchors[i];
        int b = anchors[i + 1];
        int r = mix(a >> 16 & 0xff, b >> 16 & 0xff, f);
        int g = mix(a >> 8 & 0xff, b >> 8 & 0xff, f);
        int bl = mix(a & 0xff, b & 0xff, f);
        return r << 16 | g << 8 | bl;
    }

    /** The colour of {@code t} cut into {@code levels} flat bands, like matplotlib's contourf. */
    int rgb(double t, int levels) {
        double band = Math.floor(Math.max(0, Math.min(0.999999, t)) * levels);
        return rgb((band + 0.5) / levels);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
