package dev.gridforge.processor.plan;

import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.IrScanner;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.MathFunction;
import dev.gridforge.processor.ir.Output;
import dev.gridforge.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one point of a kernel costs, counted from its IR once the passes are done: what a
 * benchmark places a kernel against the device's limits with (docs/benchmarks.md, "The static
 * cost").
 * <ul>
 * <li><b>memory bytes</b> (the bandwidth bound): each input field and each grid read one element
 *     per point, however many of a stencil's neighbours the point reads (the neighbours are
 *     other points' own elements, read from cache), each result written once; and each array view
 *     read whole once per launch ({@link #arrays}: its bytes depend on its shape);</li>
 * <li><b>cache bytes</b>: every read a point makes (an input field's value, each grid read, each
 *     array read), the traffic a cache must serve;</li>
 * <li><b>FLOPs</b>: each floating {@code + - * / %} one, {@code Math.fma} two, every other
 *     floating Math function one; integer arithmetic, comparisons, negation and conversions none.
 *     Of them, <b>transcendental</b> functions (sin, cos, tan, their inverses, sinh, cosh, tanh,
 *     exp, expm1, log, log10, log1p, cbrt, pow, hypot, IEEEremainder) are counted apart too, since
 *     each costs tens of instructions.</li>
 * </ul>
 * Helpers count at each call. Of a branch ({@code if}, {@code ?:}), the dearer side counts. A
 * counted loop counts its body times its trips: a constant, or an array view's extent
 * ({@code for (int c = 0; c < x.extent(1); c++)}), known when the benchmark knows the shapes; a
 * loop of any other shape counts its body once, and the cost is then a lower bound ({@link #exact}).
 *
 * @param memoryBytesPerPoint the fields' and grids' elements read and the results written, per point
 * @param arrays              the array views, read whole once per launch
 * @param terms               the counts per point, each times its trip factors
 * @param exact               false where a loop's trips are not known (the counts are then a lower bound)
 */
public record PointCost(int memoryBytesPerPoint, List<String> arrays, List<Term> terms, boolean exact) {

    /**
     * Counts repeated by the product of {@code trips}.
     *
     * @param trips each a constant, or the extent of an array view along an axis
     */
    public record Term(List<Trip> trips, long cacheBytes, long flops, long transcendentals) {
        public Term {
            trips = List.copyOf(trips);
        }
    }

    /** One factor of a loop's trips: {@code constant}, or the extent of {@code array} along {@code axis}. */
    public record Trip(int constant, String array, int axis) {
        static Trip of(int n) {
            return new Trip(n, null, -1);
        }

        @Override
        public String toString() {
            return array == null ? String.valueOf(constant) : array + ".extent(" + axis + ")";
        }
    }

    private static final Set<MathFunction> TRANSCENDENTAL = EnumSet.of(MathFunction.SIN, MathFunction.COS, MathFunction.TAN,
            MathFunction.ASIN, MathFunction.ACOS, MathFunction.ATAN, MathFunction.ATAN2, MathFunction.SINH, MathFunction.COSH,
            MathFunction.TANH, MathFunction.EXP, MathFunction.EXPM1, MathFunction.LOG, MathFunction.LOG10, MathFunction.LOG1P,
            MathFunction.CBRT, MathFunction.POW, MathFunction.HYPOT, MathFunction.IEEE_REMAINDER);

    public PointCost {
        arrays = List.copyOf(arrays);
        terms = List.copyOf(terms);
    }

    /** The counts with every trip factor constant (all of them when no loop's trips depend on an array's shape). */
    public Term constantPart() {
        long cache = 0;
        long flops = 0;
        long trans = 0;
        for (Term t : terms) {
            if (t.trips().stream().allMatch(x -> x.array() == null)) {
                long times = t.trips().stream().mapToLong(Trip::constant).reduce(1, (a, b) -> a * b);
                cache += times * t.cacheBytes();
                flops += times * t.flops();
                trans += times * t.transcendentals();
            }
        }
        return new Term(List.of(), cache, flops, trans);
    }

    /** Whether every count is a constant (no loop's trips depend on an array's shape). */
    public boolean isConstant() {
        return terms.stream().allMatch(t -> t.trips().stream().allMatch(x -> x.array() == null));
    }

    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Term t : terms) {
            String times = t.trips().isEmpty() ? "" : String.join(" x ", t.trips().stream().map(Trip::toString).toList()) + " x ";
            parts.add(times + "(" + t.flops() + " FLOPs, " + t.transcendentals() + " transcendental, " + t.cacheBytes() + " B from cache)");
        }
        return memoryBytesPerPoint + " B memory per point" + (arrays.isEmpty() ? "" : " + arrays " + String.join(", ", arrays)
                + " once per launch") + "; " + String.join(" + ", parts) + (exact ? "" : "; a lower bound (a loop of unknown trips)");
    }

    static PointCost of(Kernel k) {
        int memory = 0;
        for (KernelParam p : k.params()) {
            if (p.role() == KernelParam.Role.INPUT || p.role() == KernelParam.Role.GRID) {
                memory += p.type().bytes();
            }
        }
        for (Output o : k.outputs()) {
            memory += o.type().bytes();
        }
        List<String> arrays = k.paramsWith(KernelParam.Role.ARRAY).stream().map(KernelParam::name).toList();
        Counter c = new Counter(k);
        for (KernelParam p : k.params()) {
            if (p.role() == KernelParam.Role.INPUT) {
                c.add(List.of(), p.type().bytes(), 0, 0); // the point's value, read from its field
            }
        }
        c.function(k.point(), List.of());
        return new PointCost(memory, arrays, c.terms(), c.exact);
    }

    /** Walks statements with the trip factors of the loops around them. */
    private static final class Counter {
        private final Map<String, Function> helpers = new HashMap<>();
        private final Map<List<Trip>, long[]> counts = new java.util.LinkedHashMap<>();
        boolean exact = true;

        Counter(Kernel k) {
            k.helpers().forEach(h -> helpers.put(h.name(), h));
        }

        List<Term> terms() {
            List<Term> out = new ArrayList<>();
            counts.forEach((trips, c) -> out.add(new Term(trips, c[0], c[1], c[2])));
            return out;
        }

        void add(List<Trip> trips, long cacheBytes, long flops, long transcendentals) {
            long[] c = counts.computeIfAbsent(List.copyOf(trips), t -> new long[3]);
            c[0] += cacheBytes;
            c[1] += flops;
            c[2] += transcendentals;
        }

        void function(Function f, List<Trip> trips) {
            f.body().statements().forEach(s -> stmt(s, trips));
        }

        void stmt(Stmt s, List<Trip> trips) {
            if (s instanceof Stmt.For f) {
                f.init().forEach(i -> stmt(i, trips));
                Trip trip = tripsOf(f);
                List<Trip> inner = new ArrayList<>(trips);
                if (trip != null) {
                    inner.add(trip);
                } else {
                    exact = false;
                }
                if (f.cond() != null) {
                    expr(f.cond(), inner);
                }
                f.update().forEach(u -> stmt(u, inner));
                stmt(f.body(), inner);
            } else if (s instanceof Stmt.While || s instanceof Stmt.DoWhile) {
                exact = false; // its trips are the data's: counted once
                s.children().forEach(c -> node(c, trips));
            } else if (s instanceof Stmt.If i) {
                expr(i.cond(), trips);
                dearer(List.of(i.then()), i.otherwise() == null ? List.of() : List.of(i.otherwise()), trips);
            } else {
                s.children().forEach(c -> node(c, trips));
            }
        }

        private void node(dev.gridforge.processor.ir.Node n, List<Trip> trips) {
            if (n instanceof Expr e) {
                expr(e, trips);
            } else {
                stmt((Stmt) n, trips);
            }
        }

        /** Of two branches, the one with more FLOPs (then more bytes) counts. */
        private void dearer(List<dev.gridforge.processor.ir.Node> a, List<dev.gridforge.processor.ir.Node> b, List<Trip> trips) {
            Counter ca = fork();
            Counter cb = fork();
            a.forEach(n -> ca.node(n, trips));
            b.forEach(n -> cb.node(n, trips));
            Counter pick = weight(cb) > weight(ca) ? cb : ca;
            pick.counts.forEach((t, c) -> add(t, c[0], c[1], c[2]));
            exact &= ca.exact && cb.exact;
        }

        private Counter fork() {
            return new Counter(helpers);
        }

        private Counter(Map<String, Function> helpers) {
            this.helpers.putAll(helpers);
        }

        private static long weight(Counter c) {
            long w = 0;
            for (long[] v : c.counts.values()) {
                w += v[1] * 1_000_000L + v[0];
            }
            return w;
        }

        void expr(Expr e, List<Trip> trips) {
            if (e instanceof Expr.Conditional c) {
                expr(c.cond(), trips);
                dearer(List.of(c.then()), List.of(c.otherwise()), trips);
                return;
            }
            if (e instanceof Expr.Call call && helpers.containsKey(call.function())) {
                call.args().forEach(a -> expr(a, trips));
                function(helpers.get(call.function()), trips);
                return;
            }
            if (e instanceof Expr.Binary b && b.type().isFloating() && b.op().kind() == BinaryOp.Kind.ARITHMETIC) {
                add(trips, 0, 1, 0);
            } else if (e instanceof Expr.MathCall m && m.type().isFloating()) {
                boolean fma = m.function() == MathFunction.FMA_D || m.function() == MathFunction.FMA_F;
                add(trips, 0, fma ? 2 : 1, TRANSCENDENTAL.contains(m.function()) ? 1 : 0);
            } else if (e instanceof Expr.GridRead || e instanceof Expr.ArrayRead) {
                add(trips, e.type().bytes(), 0, 0);
            }
            e.children().forEach(c -> expr((Expr) c, trips));
        }

        /** {@code for (int c = 0; c < N; c++)} with N a literal or an array view's extent: its trips; else null. */
        private static Trip tripsOf(Stmt.For f) {
            if (f.init().size() != 1 || !(f.init().get(0) instanceof Stmt.Declare d) || !(d.init() instanceof Expr.Literal from)
                    || ((Number) from.value()).longValue() != 0 || f.update().size() != 1 || f.cond() == null) {
                return null;
            }
            if (!(f.cond() instanceof Expr.Binary c) || c.op() != BinaryOp.LT || !(c.left() instanceof Expr.Var v)
                    || !v.name().equals(d.name())) {
                return null;
            }
            if (!(f.update().get(0) instanceof Stmt.Assign u) || !u.name().equals(d.name()) || !(u.value() instanceof Expr.Binary step)
                    || step.op() != BinaryOp.ADD || !(step.right() instanceof Expr.Literal one) || ((Number) one.value()).intValue() != 1
                    || assigned(f.body(), d.name())) {
                return null;
            }
            if (c.right() instanceof Expr.Literal to) {
                return Trip.of(Math.max(0, ((Number) to.value()).intValue()));
            }
            if (c.right() instanceof Expr.ArrayExtent x) {
                return new Trip(1, x.array(), x.axis());
            }
            return null;
        }

        private static boolean assigned(Stmt body, String name) {
            boolean[] found = {false};
            new IrScanner() {
                @Override
                public Void visitAssign(Stmt.Assign a) {
                    found[0] |= a.name().equals(name);
                    return super.visitAssign(a);
                }
            }.stmt(body);
            return found[0];
        }
    }
}
