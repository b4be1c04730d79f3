package dev.gridforge.samples;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws Pearson's map: the tiles side by side (k along x, F up the y axis, as in the paper's
 * figure), each tile's v in the sequential colour map over [0, vMax], a frame, ticks and labels
 * on both axes, a title. Non-finite tiles are drawn black.
 */
final class MosaicPainter {
    private static final int SCALE = 2;
    private static final int INK = 0x202020;
    private static final int MARGIN = 16;
    private static final int TICK = 5;
    private static final int GAP = 4;

    private MosaicPainter() {
    }

    static BufferedImage paint(List<PearsonMap.Cell> cells, List<PearsonMap.Tile> tiles, int columns, int rows, int pixels,
                               double kLow, double kHigh, double fLow, double fHigh, double vMax, String title) {
        int text = PixelFont.height(SCALE);
        List<Double> fTicks = FramePainter.ticks(fLow, fHigh);
        int labelWidth = 0;
        for (double f : fTicks) {
            labelWidth = Math.max(labelWidth, PixelFont.width(FramePainter.number(f, 3), SCALE));
        }
        int left = MARGIN + text + GAP * 2 + labelWidth + TICK + GAP;
        int top = MARGIN + text + GAP * 2;
        int w = columns * pixels;
        int h = rows * pixels;
        int width = Math.max(left + w + MARGIN * 2, left + PixelFont.width(title, SCALE) + MARGIN);
        int height = top + h + TICK + GAP + text + GAP * 2 + text + MARGIN;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        FramePainter.fill(image, 0, 0, width, height, 0xffffff);
        for (int i = 0; i < cells.size(); i++) {
            PearsonMap.Cell c = cells.get(i);
            PearsonMap.Tile t = tiles.get(i);
            int x0 = left + c.column() * pixels;
            int y0 = top + (rows - 1 - c.row()) * pixels; // F grows upwards
            for (int py = 0; py < pixels; py++) {
                for (int px = 0; px < pixels; px++) {
                    float v = t.pixels()[px + pixels * py];
                    int rgb = t.finite() ? ColourMap.SEQUENTIAL.rgb(v / vMax) : 0;
                    image.setRGB(x0 + px, y0 + pixels - 1 - py, rgb);
                }
            }
        }
        FramePainter.fill(image, left - 1, top - 1, w + 2, 1, INK);
        FramePainter.fill(image, left - 1, top + h, w + 2, 1, INK);
        FramePainter.fill(image, left - 1, top - 1, 1, h + 2, INK);
        FramePainter.fill(image, left + w, top - 1, 1, h + 2, INK);
        for (double k : FramePainter.ticks(kLow, kHigh)) {
            int x = left + (int) Math.round((k - kLow) / (kHigh - kLow) * (w - 1));
            FramePainter.fill(image, x, top + h + 1, 1, TICK, INK);
            String s = FramePainter.number(k, 3);
            PixelFont.draw(image, s, x - PixelFont.width(s, SCALE) / 2, top + h + 1 + TICK + GAP, SCALE, INK);
        }
        for (double f : fTicks) {
            int y = top + h - 1 - (int) Math.round((f - fLow) / (fHigh - fLow) * (h - 1));
            FramePainter.fill(image, left - 1 - TICK, y, TICK, 1, INK);
            String s = FramePainter.number(f, 3);
            PixelFont.draw(image, s, left - 1 - TICK - GAP - PixelFont.width(s, SCALE), y - text / 2, SCALE, INK);
        }
        String kLabel = "kill rate k";
        PixelFont.draw(image, kLabel, left + (w - PixelFont.width(kLabel, SCALE)) / 2, top + h + TICK + GAP * 3 + text, SCALE, INK);
        String fLabel = "f";
        PixelFont.draw(image, fLabel, MARGIN, top + (h - text) / 2, SCALE, INK);
        PixelFont.draw(image, title, left, MARGIN, SCALE, INK);
        return image;
    }
}
