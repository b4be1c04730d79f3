package dev.gridforge.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The benchmarks' output: a table per kernel, JSON lines for machines ({@link RooflineChart} draws the chart). */
final class Report {
    private Report() {
    }

    static void table(List<Row> rows, PrintStream out) {
        String kernel = null;
        String format = null;
        for (Row r : rows) {
            BenchCase c = r.m().benchCase();
            if (!c.kernel().equals(kernel)) {
                kernel = c.kernel();
                String k = kernel;
                int width = Math.max(12, rows.stream().filter(x -> x.m().benchCase().kernel().equals(k))
                        .mapToInt(x -> x.m().benchCase().size().length()).max().orElse(0));
                format = "  %-" + width + "s %-18s %-8s %10s %10s %10s %9s %9s %6s %9s %7s %-10s %6s %10s%n";
                out.println();
                out.println(kernel + (r.cost().exact() ? "" : " (its cost is a lower bound: a loop of unknown trips)"));
                out.printf(Locale.ROOT, format, "size", "mode", "backend", "median ms", "p10", "p90", "Mpts/s", "GB/s", "copy",
                        "GFLOP/s", "FLOP/B", "bound", "of it", "compile ms");
            }
            out.printf(Locale.ROOT, format, c.size(), c.mode(), r.m().backend(), f("%.4f", r.m().median()), f("%.4f", r.m().p10()),
                    f("%.4f", r.m().p90()), f("%.1f", r.pointsPerSecond() / 1e6), f("%.1f", r.bytesPerSecond() / 1e9),
                    f("%.0f%%", 100 * r.copyFraction()), f("%.1f", r.flopsPerSecond() / 1e9), f("%.3f", r.cost().intensity()),
                    r.bound(), f("%.0f%%", 100 * r.boundFraction()), f("%.1f", r.m().compileMillis()));
        }
        for (Row r : rows) {
            if (r.m().nonFinite() > 0) {
                BenchCase c = r.m().benchCase();
                out.printf(Locale.ROOT, "%n! %s on %s: %d of %d results are NaN or infinite after the run: the inputs drove the kernel"
                        + " out of its range, and a NaN's timing need not be its usual one; give the inputs their range with"
                        + " @Bench(values = {\"name=lo..hi\"})%n", c, r.m().backend(), r.m().nonFinite(),
                        c.points() * c.outputs().size());
            }
        }
    }

    private static String f(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }

    static void json(List<Row> rows, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        rows.forEach(r -> sb.append(r.json()).append('\n'));
        dev.gridforge.runtime.io.AtomicFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
