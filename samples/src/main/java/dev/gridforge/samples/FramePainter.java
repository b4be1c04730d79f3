package dev.gridforge.samples;

import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws one frame of a 2-D field as a figure that reads on its own: the field coloured over its
 * style's range (y up, row 0 at the bottom), framed by axes with ticks in the field's
 * coordinates, a title with the field's name, the step and the time, and optionally a colour bar
 * whose ends carry a triangle when the frame has values beyond them (drawn in the end colours).
 * A field larger than {@link #MAX_SIDE} points a side is sampled down to fit; a small one is
 * magnified by whole pixels, so its cells stay visible. Every frame of a run has the same size
 * (an animation needs that).
 */
final class FramePainter {
    static final int MAX_SIDE = 512;
    /** Fields smaller than this are magnified to about this many pixels a side. */
    private static final int MIN_SIDE = 256;
    private static final int TEXT_SCALE = 2;
    private static final int BACKGROUND = 0xffffff;
    private static final int INK = 0x202020;
    private static final int MARGIN = 12;
    private static final int TICK = 5;
    private static final int GAP = 4;
    private static final int BAR_GAP = 16;
    private static final int BAR_WIDTH = 18;
    /** How far a colour bar's end triangle sticks out. */
    private static final int ARROW = 10;

    private final PictureStyle style;
    private final int nx;
    private final int ny;
    private final long lastStep;
    private final boolean colourBar;
    private final int stride;
    private final int fieldW;
    private final int fieldH;
    private final int zoom;
    private final int plotW;
    private final int plotH;
    private final int plotLeft;
    private final int plotTop;
    private final int width;
    private final int height;
    private final List<Double> xTicks;
    private final List<Double> yTicks;
    private final List<Double> barTicks;

    /** For fields of nx x ny points, over {@code lastStep} steps (titles are sized for it). */
    FramePainter(PictureStyle style, int nx, int ny, long lastStep, boolean colourBar) {
        this.style = style;
        this.nx = nx;
        this.ny = ny;
        this.lastStep = lastStep;
        this.colourBar = colourBar;
        stride = Math.max(1, (Math.max(nx, ny) + MAX_SIDE - 1) / MAX_SIDE);
        fieldW = (nx + stride - 1) / stride;
        fieldH = (ny + stride - 1) / stride;
        zoom = Math.max(1, MIN_SIDE / Math.max(fieldW, fieldH));
        plotW = fieldW * zoom;
        plotH = fieldH * zoom;
        xTicks = ticks(style.x0(), style.x1());
        yTicks = ticks(style.y0(), style.y1());
        barTicks = barTicks(style.low(), style.high(), plotH);
        int text = PixelFont.height(TEXT_SCALE);
        int yLabels = widest(yTicks);
        plotLeft = MARGIN + PixelFont.width("y", TEXT_SCALE) + 4 * GAP + yLabels + TICK + GAP;
        plotTop = MARGIN + text + MARGIN + ARROW + GAP;
        int lastXLabel = PixelFont.width(number(xTicks.get(xTicks.size() - 1), 4), TEXT_SCALE);
        int right = colourBar ? BAR_GAP + BAR_WIDTH + TICK + GAP + widest(barTicks) + MARGIN : lastXLabel / 2 + MARGIN;
        width = Math.max(plotLeft + plotW + right, MARGIN + PixelFont.width(title(lastStep, true), TEXT_SCALE) + MARGIN);
        height = plotTop + plotH + ARROW + TICK + GAP + text + 2 * GAP + text + MARGIN;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** One frame: {@code values} holds point (x, y) at {@code x + nx * y}. */
    BufferedImage paint(double[] values, long step, ClippedValues.Extremes extremes) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        fill(image, 0, 0, width, height, BACKGROUND);
        field(image, values);
        axes(image);
        PixelFont.draw(image, title(step, false), MARGIN, MARGIN, TEXT_SCALE, INK);
        if (colourBar) {
            colourBar(image, extremes);
        }
        return image;
    }

    /** "u   step 120 of 200   t = 0.6"; {@code widest}: with the longest time it may show, to size the image. */
    String title(long step, boolean widest) {
        String s = style.field() + "   step " + step + " of " + lastStep;
        if (Double.isFinite(style.dt())) {
            s += "   t = " + (widest ? "-0.000e-00" : number(step * style.dt(), 4));
        }
        return s;
    }

    private void field(BufferedImage image, double[] values) {
        int[] rgb = new int[plotW * plotH];
        for (int py = 0; py < fieldH; py++) {
            int y = py * stride;
            int row = (fieldH - 1 - py) * zoom; // y up
            for (int px = 0; px < fieldW; px++) {
                int c = style.rgb(values[px * stride + nx * y]);
                for (int dy = 0; dy < zoom; dy++) {
                    int at = (row + dy) * plotW + px * zoom;
                    java.util.Arrays.fill(rgb, at, at + zoom, c);
                }
            }
        }
        image.setRGB(plotLeft, plotTop, plotW, plotH, rgb, 0, plotW);
    }

    private void axes(BufferedImage image) {
        frame(image, plotLeft - 1, plotTop - 1, plotW + 2, plotH + 2);
        int text = PixelFont.height(TEXT_SCALE);
        int below = plotTop + plotH + 1;
        for (double x : xTicks) {
            int px = plotLeft + position(x, style.x0(), style.x1(), plotW);
            fill(image, px, below, 1, TICK, INK);
            String label = number(x, 4);
            PixelFont.draw(image, label, px - PixelFont.width(label, TEXT_SCALE) / 2, below + TICK + GAP, TEXT_SCALE, INK);
        }
        PixelFont.draw(image, "x", plotLeft + plotW / 2 - PixelFont.width("x", TEXT_SCALE) / 2,
                below + TICK + GAP + text + 2 * GAP, TEXT_SCALE, INK);
        for (double y : yTicks) {
            int py = plotTop + plotH - 1 - position(y, style.y0(), style.y1(), plotH);
            fill(image, plotLeft - 1 - TICK, py, TICK, 1, INK);
            String label = number(y, 4);
            PixelFont.draw(image, label, plotLeft - 1 - TICK - GAP - PixelFont.width(label, TEXT_SCALE), py - text / 2,
                    TEXT_SCALE, INK);
        }
        PixelFont.draw(image, "y", MARGIN, plotTop + plotH / 2 - text / 2, TEXT_SCALE, INK);
    }

    private void colourBar(BufferedImage image, ClippedValues.Extremes extremes) {
        int left = plotLeft + plotW + BAR_GAP;
        for (int r = 0; r < plotH; r++) {
            double value = style.high() - (r + 0.5) / plotH * (style.high() - style.low());
            fill(image, left, plotTop + r, BAR_WIDTH, 1, style.rgb(value));
        }
        frame(image, left - 1, plotTop - 1, BAR_WIDTH + 2, plotH + 2);
        int text = PixelFont.height(TEXT_SCALE);
        for (double v : barTicks) {
            int py = plotTop + plotH - 1 - position(v, style.low(), style.high(), plotH);
            fill(image, left + BAR_WIDTH + 1, py, TICK, 1, INK);
            PixelFont.draw(image, number(v, 4), left + BAR_WIDTH + 1 + TICK + GAP, py - text / 2, TEXT_SCALE, INK);
        }
        // Values beyond an end: a triangle past it in that end's colour, as matplotlib's extend= draws.
        if (extremes.max() > style.high()) {
            triangle(image, left, plotTop - 2, -1, style.rgb(style.high()));
        }
        if (extremes.min() < style.low()) {
            triangle(image, left, plotTop + plotH + 1, 1, style.rgb(style.low()));
        }
    }

    /** A triangle over the bar's width, its base on row {@code baseY}, its tip ARROW rows away in direction {@code dir}. */
    private static void triangle(BufferedImage image, int left, int baseY, int dir, int rgb) {
        for (int k = 0; k < ARROW; k++) {
            int half = (BAR_WIDTH + 1) / 2 * (ARROW - k) / ARROW;
            int y = baseY + dir * k;
            int centre = left + BAR_WIDTH / 2;
            fill(image, centre - half, y, 2 * half, 1, rgb);
            fill(image, centre - half - 1, y, 1, 1, INK);
            fill(image, centre + half, y, 1, 1, INK);
        }
    }

    private static void frame(BufferedImage image, int x, int y, int w, int h) {
        fill(image, x, y, w, 1, INK);
        fill(image, x, y + h - 1, w, 1, INK);
        fill(image, x, y, 1, h, INK);
        fill(image, x + w - 1, y, 1, h, INK);
    }

    /** The pixel of {@code v} along an axis of {@code pixels} from {@code a} (first pixel) to {@code b} (last). */
    private static int position(double v, double a, double b, int pixels) {
        return (int) Math.round((v - a) / (b - a) * (pixels - 1));
    }

    /** Round values at a 1, 2, 2.5 or 5 times a power of ten step, 3 to 6 of them over [a, b]. */
    static List<Double> ticks(double a, double b) {
        List<Double> out = new ArrayList<>();
        if (!(b > a)) {
            out.add(a);
            return out;
        }
        double raw = (b - a) / 4;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude * 10;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        for (long k = (long) Math.ceil(a / step - 1e-9); k * step <= b + 1e-9 * step; k++) {
            out.add(clean(k * step));
        }
        return out;
    }

    /** The colour bar's ends, and round values between them not too near an end to be read apart. */
    private static List<Double> barTicks(double low, double high, int pixels) {
        List<Double> out = new ArrayList<>();
        out.add(low);
        double room = 1.5 * (PixelFont.height(TEXT_SCALE) + GAP) * (high - low) / pixels;
        for (double v : ticks(low, high)) {
            if (v - low > room && high - v > room) {
                out.add(v);
            }
        }
        out.add(high);
        return out;
    }

    /** 0.30000000000000004 as 0.3: a tick is a multiple of its step, printed as the user would write it. */
    private static double clean(double v) {
        return new BigDecimal(v).round(new MathContext(12)).doubleValue();
    }

    private static int widest(List<Double> values) {
        int w = 0;
        for (double v : values) {
            w = Math.max(w, PixelFont.width(number(v, 4), TEXT_SCALE));
        }
        return w;
    }

    /** {@code v} with at most {@code digits} significant digits, trailing zeros dropped: 0.6, -1.1, 250, 1.25e-05. */
    static String number(double v, int digits) {
        if (v == 0) {
            return "0";
        }
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (a >= 1e-4 && a < Math.pow(10, digits)) {
            return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
        }
        String s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e).contains(".") ? s.substring(0, e).replaceAll("0+$", "").replaceAll("\\.$", "")
                : s.substring(0, e);
        return mantissa + s.substring(e);
    }

    /** A rectangle, clipped to the image. */
    static void fill(BufferedImage image, int x, int y, int w, int h, int rgb) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(image.getWidth(), x + w);
        int y1 = Math.min(image.getHeight(), y + h);
        if (x1 > x0 && y1 > y0) {
            int[] row = new int[x1 - x0];
            java.util.Arrays.fill(row, rgb);
            image.setRGB(x0, y0, x1 - x0, y1 - y0, row, 0, 0); // scan size 0: the one row, on every line
        }
    }
}
