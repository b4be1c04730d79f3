package dev.gridforge.processor.bench;

import dev.gridforge.processor.diag.Messages;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic;

/**
 * Reads {@code @Bench} from a kernel method, else from its class, else (with
 * {@code -Agridforge.bench=all}) takes the defaults, and checks it against the kernel: each
 * error at the annotation, saying what is wrong and what to write.
 */
public final class BenchReader {
    public static final String ANNOTATION = "dev.gridforge.Bench";
    /** The processor option that benchmarks every kernel. */
    public static final String OPTION = "gridforge.bench";

    private final Messager messager;
    private final boolean all;
    private int errors;

    public BenchReader(Messager messager, String option) {
        this.messager = messager;
        this.all = "all".equals(option);
    }

    /** How many errors this reader has reported. */
    public int errors() {
        return errors;
    }

    /** What to benchmark of {@code k}, declared by {@code method}; empty when nothing asks; empty after an error too. */
    public Optional<BenchSpec> read(ExecutableElement method, Kernel k) {
        Element at = method;
        AnnotationMirror mirror = find(method);
        if (mirror == null) {
            at = method.getEnclosingElement();
            mirror = find(at);
        }
        if (mirror == null && !all) {
            return Optional.empty();
        }
        List<String> sizes = mirror == null ? List.of() : strings(mirror, "sizes");
        List<String> constants = mirror == null ? List.of() : strings(mirror, "constants");
        int steps = mirror == null ? 0 : integer(mirror, "steps");
        List<String> ranges = mirror == null ? List.of() : strings(mirror, "values");
        Problems p = new Problems(at, mirror);
        List<BenchSpec.Size> parsed = new ArrayList<>();
        for (String s : sizes.isEmpty() ? List.of(defaultSize(k)) : sizes) {
            BenchSpec.Size size = size(s, k, p);
            if (size != null) {
                parsed.add(size);
            }
        }
        Map<String, String> values = constants(constants, k, p);
        if (steps < 0) {
            p.error("steps = " + steps + " is negative; give the steps of a time loop, or 0 for single launches");
        } else if (steps > 0 && RingWiring.of(k) == null) {
            p.error("steps = " + steps + " asks for a time loop of kernel '" + k.name() + "', whose results do not feed its grids: a"
                    + " loop needs a @Stencil with as many results as grids (result i becomes grid i), or one result and grids"
                    + " read as its past states (u, uPrev); leave steps out to benchmark single launches");
        }
        Map<String, BenchSpec.Range> inputRanges = ranges(ranges, k, p);
        return p.failed ? Optional.empty() : Optional.of(new BenchSpec(parsed, values, steps, inputRanges));
    }

    private static AnnotationMirror find(Element e) {
        for (AnnotationMirror m : e.getAnnotationMirrors()) {
            if (m.getAnnotationType().toString().equals(ANNOTATION)) {
                return m;
            }
        }
        return null;
    }

    /** The default size by rank: about 10^7 points. */
    static String defaultSize(Kernel k) {
        return switch (k.rank()) {
            case 0, 1 -> "10000000";
            case 2 -> "4096x4096";
            case 3 -> "256x256x256";
            default -> "64x64x64x16";
        };
    }

    private BenchSpec.Size size(String text, Kernel k, Problems p) {
        String[] parts = text.split(";");
        List<Integer> launch = extents(parts[0].strip(), "the launch", p);
        if (launch == null) {
            return null;
        }
        int rank = k.rank() == 0 ? launch.size() : k.rank();
        if (launch.size() != rank || (k.hasRole(KernelParam.Role.COORD) && rank > 3)) {
            p.error("size '" + text.strip() + "' has " + launch.size() + " extents, and kernel '" + k.name() + "' runs over " + rank
                    + " axes; write " + rank + " extents, axis 0 first, as \"" + BenchSpec.Size.extents(java.util.Collections.nCopies(rank, 256))
                    + "\"");
            return null;
        }
        long points = 1;
        for (int e : launch) {
            points *= e;
        }
        if (points > Integer.MAX_VALUE - 8) {
            p.error("size '" + text.strip() + "' has " + points + " points; a field holds at most " + (Integer.MAX_VALUE - 8)
                    + " (it fits a Java array)");
            return null;
        }
        Map<String, List<Integer>> arrays = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq).strip();
            KernelParam array = k.paramsWith(KernelParam.Role.ARRAY).stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
            if (eq < 0 || array == null) {
                p.error("'" + part + "' in size '" + text.strip() + "' names no array view of kernel '" + k.name() + "'; write"
                        + " name=extents for its arrays " + k.paramsWith(KernelParam.Role.ARRAY).stream().map(KernelParam::name).toList());
                return null;
            }
            List<Integer> e = extents(part.substring(eq + 1).strip(), "array " + name, p);
            if (e == null) {
                return null;
            }
            if (e.size() > array.arrayRank() && e.subList(array.arrayRank(), e.size()).stream().anyMatch(x -> x != 1)
                    || e.size() < array.arrayRank()) {
                p.error("array " + name + " is read through a view of " + array.arrayRank() + " axes, and '" + part + "' gives "
                        + e.size() + "; write " + array.arrayRank() + " extents, axis 0 first");
                return null;
            }
            long elements = 1;
            for (int x : e) {
                elements *= x;
            }
            if (elements > Integer.MAX_VALUE - 8) {
                p.error("array " + name + " of size '" + text.strip() + "' has " + elements + " elements; an array view holds at most "
                        + (Integer.MAX_VALUE - 8) + " (it fits a Java array)");
                return null;
            }
            arrays.put(name, e.subList(0, array.arrayRank()));
        }
        Map<String, List<Integer>> all = new LinkedHashMap<>();
        for (KernelParam a : k.paramsWith(KernelParam.Role.ARRAY)) {
            List<Integer> e = arrays.get(a.name());
            if (e == null) { // the launch's extents, then 8 along axes past its rank
                e = new ArrayList<>();
                for (int axis = 0; axis < a.arrayRank(); axis++) {
                    e.add(axis < launch.size() ? launch.get(axis) : 8);
                }
            }
            all.put(a.name(), e);
        }
        return new BenchSpec.Size(BenchSpec.Size.label(launch, arrays), launch, all);
    }

    private List<Integer> extents(String text, String what, Problems p) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split("x", -1)) {
            try {
                int e = Integer.parseInt(part.strip());
                if (e < 1) {
                    throw new NumberFormatException();
                }
                out.add(e);
            } catch (NumberFormatException ex) {
                p.error("'" + text + "' is not a size for " + what + ": write positive extents joined by x, axis 0 first, as"
                        + " \"1000x1000\"");
                return null;
            }
        }
        return out;
    }

    private Map<String, String> constants(List<String> given, Kernel k, Problems p) {
        Map<String, String> values = new LinkedHashMap<>();
        for (KernelParam c : k.paramsWith(KernelParam.Role.CONST)) {
            values.put(c.name(), literal(c.type(), null, p));
        }
        for (String g : given) {
            int eq = g.indexOf('=');
            String name = eq < 0 ? g.strip() : g.substring(0, eq).strip();
            KernelParam c = k.paramsWith(KernelParam.Role.CONST).stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            if (eq < 0 || c == null) {
                p.error("'" + g + "' names no @Const parameter of kernel '" + k.name() + "'; write name=value for "
                        + k.paramsWith(KernelParam.Role.CONST).stream().map(KernelParam::name).toList());
                continue;
            }
            String literal = literal(c.type(), g.substring(eq + 1).strip(), p);
            if (literal != null) {
                values.put(name, literal);
            }
        }
        return values;
    }

    /** {@code values}: name=lo..hi of a field, grid or array view, lo below hi, both finite. */
    private Map<String, BenchSpec.Range> ranges(List<String> given, Kernel k, Problems p) {
        Map<String, BenchSpec.Range> out = new LinkedHashMap<>();
        List<KernelParam> inputs = k.params().stream().filter(x -> x.role() == KernelParam.Role.GRID
                || x.role() == KernelParam.Role.INPUT || x.role() == KernelParam.Role.ARRAY).toList();
        for (String g : given) {
            int eq = g.indexOf('=');
            String name = eq < 0 ? g.strip() : g.substring(0, eq).strip();
            KernelParam in = inputs.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            if (eq < 0 || in == null) {
                p.error("'" + g + "' names no input of kernel '" + k.name() + "'; write name=lo..hi for one of "
                        + inputs.stream().map(KernelParam::name).toList());
                continue;
            }
            String[] ends = g.substring(eq + 1).strip().split("\\.\\.", -1);
            boolean integral = in.type() == Type.INT || in.type() == Type.LONG;
            try {
                if (ends.length != 2) {
                    throw new NumberFormatException();
                }
                double lo = integral ? Long.parseLong(ends[0].strip()) : Double.parseDouble(ends[0].strip());
                double hi = integral ? Long.parseLong(ends[1].strip()) : Double.parseDouble(ends[1].strip());
                if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
                    throw new NumberFormatException();
                }
                out.put(name, new BenchSpec.Range(Double.toString(lo), Double.toString(hi)));
            } catch (NumberFormatException e) {
                p.error("'" + g + "' is not a range of " + in.type().javaName() + " values; write " + name + "=lo..hi with lo below hi, as \""
                        + name + (integral ? "=1..10" : "=0.01..0.25") + "\"");
            }
        }
        return out;
    }

    /** A Java literal of {@code type} for {@code text}, or the default value (0.5, 1, true) when text is null. */
    private static String literal(Type type, String text, Problems p) {
        try {
            return switch (type) {
                case DOUBLE -> Double.toString(text == null ? 0.5 : Double.parseDouble(text));
                case FLOAT -> Float.toString(text == null ? 0.5f : Float.parseFloat(text)) + "f";
                case INT -> Integer.toString(text == null ? 1 : Integer.parseInt(text));
                case LONG -> Long.parseLong(text == null ? "1" : text) + "L";
                case BOOLEAN -> {
                    if (text != null && !text.equals("true") && !text.equals("false")) {
                        throw new NumberFormatException();
                    }
                    yield text == null ? "true" : text;
                }
            };
        } catch (NumberFormatException e) {
            p.error("'" + text + "' is not a " + type.javaName() + " value");
            return null;
        }
    }

    private static List<String> strings(AnnotationMirror m, String name) {
        List<String> out = new ArrayList<>();
        for (var e : m.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                Object v = e.getValue().getValue();
                if (v instanceof List<?> list) {
                    for (Object item : list) {
                        out.add(String.valueOf(((AnnotationValue) item).getValue()));
                    }
                } else {
                    out.add(String.valueOf(v));
                }
            }
        }
        return out;
    }

    private static int integer(AnnotationMirror m, String name) {
        for (var e : m.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return (Integer) e.getValue().getValue();
            }
        }
        return 0;
    }

    /** Errors of one annotation, reported at it. */
    private final class Problems {
        final Element at;
        final AnnotationMirror mirror;
        boolean failed;

        Problems(Element at, AnnotationMirror mirror) {
            this.at = at;
            this.mirror = mirror;
        }

        void error(String message) {
            failed = true;
            errors++;
            String text = Messages.bench(message);
            if (mirror != null) {
                messager.printMessage(Diagnostic.Kind.ERROR, text, at, mirror);
            } else {
                messager.printMessage(Diagnostic.Kind.ERROR, text, at);
            }
        }
    }
}
