package dev.gridforge.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The roofline chart as PNG, drawn with java.desktop's Java 2D: a class of its own so that a run
 * without {@code --chart} never loads AWT (a small runtime without java.desktop runs the rest).
 */
final class RooflineChart {
    private RooflineChart() {
    }

    /**
     * The roofline: log-log, arithmetic intensity along x, GFLOP/s along y; per backend its roof
     * (copy bandwidth times intensity, capped by the arithmetic rate), and a point per row.
     */
    static void write(List<Row> rows, Path file) throws IOException {
        int w = 900;
        int h = 600;
        int left = 80;
        int bottom = 60;
        int top = 30;
        int right = 200;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double minX = 1e-3;
        double maxX = 1e3;
        double minY = 1e-3;
        double maxY = 1e2;
        for (Row r : rows) {
            maxY = Math.max(maxY, r.peakFlopsPerSecond() / 1e9 * 2);
            minY = Math.min(minY, Math.max(1e-6, r.flopsPerSecond() / 1e9 / 2));
        }
        double lx0 = Math.log10(minX);
        double lx1 = Math.log10(maxX);
        double ly0 = Math.log10(minY);
        double ly1 = Math.log10(maxY);
        java.util.function.DoubleUnaryOperator px = x -> left + (Math.log10(x) - lx0) / (lx1 - lx0) * (w - left - right);
        java.util.function.DoubleUnaryOperator py = y -> h - bottom - (Math.log10(y) - ly0) / (ly1 - ly0) * (h - bottom - top);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(new Color(230, 230, 230));
        for (int e = (int) Math.ceil(lx0); e <= lx1; e++) {
            int x = (int) px.applyAsDouble(Math.pow(10, e));
            g.drawLine(x, top, x, h - bottom);
            g.setColor(Color.DARK_GRAY);
            g.drawString("1e" + e, x - 10, h - bottom + 15);
            g.setColor(new Color(230, 230, 230));
        }
        for (int e = (int) Math.ceil(ly0); e <= ly1; e++) {
            int y = (int) py.applyAsDouble(Math.pow(10, e));
            g.drawLine(left, y, w - right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString("1e" + e, left - 40, y + 4);
            g.setColor(new Color(230, 230, 230));
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, w - left - right, h - bottom - top);
        g.drawString("arithmetic intensity (FLOP per byte at the bandwidth bound)", left + 120, h - 20);
        g.drawString("GFLOP/s", 10, top + 10);
        Color[] palette = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44), new Color(148, 103, 189)};
        Map<String, Color> colours = new LinkedHashMap<>();
        Map<String, Row> roofs = new LinkedHashMap<>();
        for (Row r : rows) {
            colours.putIfAbsent(r.m().backend(), palette[colours.size() % palette.length]);
            roofs.putIfAbsent(r.m().backend(), r);
        }
        g.setStroke(new BasicStroke(2f));
        for (Map.Entry<String, Row> e : roofs.entrySet()) {
            Row r = e.getValue();
            g.setColor(colours.get(e.getKey()));
            double bw = r.copyBytesPerSecond() / 1e9;
            double peak = r.peakFlopsPerSecond() / 1e9;
            double ridge = peak / bw;
            int x0 = (int) px.applyAsDouble(minX);
            int y0 = (int) py.applyAsDouble(Math.max(minY, bw * minX));
            int xr = (int) px.applyAsDouble(Math.min(maxX, ridge));
            int yr = (int) py.applyAsDouble(Math.min(peak, bw * Math.min(maxX, ridge)));
            g.drawLine(x0, y0, xr, yr);
            g.drawLine(xr, yr, (int) px.applyAsDouble(maxX), yr);
        }
        int legend = top + 10;
        List<String> seen = new ArrayList<>();
        for (Row r : rows) {
            Color c = colours.get(r.m().backend());
            double intensity = Math.max(minX, Math.min(maxX, r.cost().intensity()));
            double flops = Math.max(minY, r.flopsPerSecond() / 1e9);
            int x = (int) px.applyAsDouble(intensity);
            int y = (int) py.applyAsDouble(flops);
            g.setColor(c);
            g.fillOval(x - 4, y - 4, 8, 8);
            String label = r.m().benchCase().kernel() + " " + r.m().benchCase().size() + " " + r.m().backend();
            if (!seen.contains(label)) {
                seen.add(label);
                g.drawString(label, w - right + 10, legend);
                legend += 14;
            }
        }
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        dev.gridforge.runtime.io.AtomicFile.write(file, png.toByteArray());
    }
}
