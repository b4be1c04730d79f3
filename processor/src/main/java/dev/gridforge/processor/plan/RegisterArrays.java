package dev.gridforge.processor.plan;

import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.IrScanner;
import dev.gridforge.processor.ir.Stmt;
import dev.gridforge.processor.ir.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which local arrays a GPU thread can keep in registers, and which loops must be unrolled for
 * that. A register has no address, so an array lives in registers only if every access has an
 * index the compiler knows: a literal, or an affine expression of the counters of counted loops
 * ({@code for (int j = 0; j < 32; j++)}, constant bounds, the counter assigned nowhere else)
 * that are unrolled. All of a kernel's local arrays go in registers, or none: together they must
 * fit a budget, so the thread keeps registers for its other values. (Arrays a kernel keeps side by
 * side, such as a hidden layer and its tangents, are indexed in the same loops: unrolling those
 * for one array while the others stay in local memory only adds register pressure, and the PINN's
 * four {@code double[32]} then spilled.)
 */
final class RegisterArrays {
    /** The most iterations a loop is unrolled for. */
    static final int MAX_TRIP = 64;
    /** The bytes of local arrays kept in registers: 32 doubles, 64 of a thread's 255 registers. */
    static final int BUDGET_BYTES = 256;

    /** A counted loop: its counter and trip count. */
    private record Counted(String counter, int trip) {
    }

    private final Map<Stmt.For, Counted> counted = new IdentityHashMap<>();
    /** Per array: every access, with the counted loops around it (innermost last). */
    private final Map<String, List<Access>> accesses = new LinkedHashMap<>();
    private final Set<String> assignedCounters = new HashSet<>();

    private record Access(Expr index, List<Stmt.For> enclosing) {
    }

    /** The decision: the arrays in registers, and the loops to unroll for them. */
    record Choice(Set<String> registerArrays, Set<Stmt.For> unrolled) {
    }

    static Choice choose(Function point, List<Stmt.DeclareArray> arrays) {
        RegisterArrays r = new RegisterArrays();
        r.scan(point);
        Set<String> chosen = new HashSet<>();
        int bytes = arrays.stream().mapToInt(a -> a.length() * a.type().bytes()).sum();
        if (bytes <= BUDGET_BYTES && arrays.stream().allMatch(a -> r.constantAfterUnrolling(a.name()))) {
            arrays.forEach(a -> chosen.add(a.name()));
        }
        Set<Stmt.For> unrolled = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String array : chosen) {
            for (Access access : r.accesses.getOrDefault(array, List.of())) {
                Set<String> read = counters(access.index());
                for (Stmt.For loop : access.enclosing()) {
                    if (read.contains(r.counted.get(loop).counter())) {
                        unrolled.add(loop);
                    }
                }
            }
        }
        return new Choice(Set.copyOf(chosen), unrolled);
    }

    private boolean constantAfterUnrolling(String array) {
        for (Access access : accesses.getOrDefault(array, List.of())) {
            Set<String> known = new HashSet<>();
            for (Stmt.For loop : access.enclosing()) {
                Counted c = counted.get(loop);
                if (!assignedCounters.contains(c.counter())) {
                    known.add(c.counter());
                }
            }
            if (!affine(access.index(), known)) {
                return false;
            }
        }
        return true;
    }

    private void scan(Function point) {
        Deque<Stmt.For> loops = new ArrayDeque<>();
        new IrScanner() {
            @Override
            public Void visitFor(Stmt.For f) {
                Counted c = countedLoop(f);
                if (c == null) {
                    return super.visitFor(f);
                }
                counted.put(f, c);
                f.init().forEach(this::stmt);
                expr(f.cond());
                loops.addLast(f);
                stmt(f.body()); // the body: an assignment to the counter here makes it unknown
                loops.removeLast();
                return null; // the update is the counter's own
            }

            @Override
            public Void visitAssign(Stmt.Assign a) {
                assignedCounters.add(a.name());
                return super.visitAssign(a);
            }

            @Override
            public Void visitElement(Expr.Element e) {
                accesses.computeIfAbsent(e.array(), k -> new ArrayList<>()).add(new Access(e.index(), List.copyOf(loops)));
                return super.visitElement(e);
            }

            @Override
            public Void visitStoreElement(Stmt.StoreElement s) {
                accesses.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(new Access(s.index(), List.copyOf(loops)));
                return super.visitStoreElement(s);
            }
        }.function(point);
    }

    /** {@code for (int j = a; j < b; j++)} with literal a and b and at most MAX_TRIP iterations, else null. */
    private static Counted countedLoop(Stmt.For f) {
        if (f.init().size() != 1 || !(f.init().get(0) instanceof Stmt.Declare d) || d.type() != Type.INT
                || !(d.init() instanceof Expr.Literal from) || f.update().size() != 1 || f.cond() == null) {
            return null;
        }
        if (!(f.cond() instanceof Expr.Binary c) || c.op() != BinaryOp.LT || !(c.left() instanceof Expr.Var v)
                || !v.name().equals(d.name()) || !(c.right() instanceof Expr.Literal to)) {
            return null;
        }
        if (!(f.update().get(0) instanceof Stmt.Assign u) || !u.name().equals(d.name())
                || !(u.value() instanceof Expr.Binary step) || step.op() != BinaryOp.ADD
                || !(step.left() instanceof Expr.Var sv) || !sv.name().equals(d.name())
                || !(step.right() instanceof Expr.Literal one) || ((Number) one.value()).intValue() != 1) {
            return null;
        }
        long trip = (long) ((Number) to.value()).intValue() - ((Number) from.value()).intValue();
        return trip >= 0 && trip <= MAX_TRIP ? new Counted(d.name(), (int) trip) : null;
    }

    /** Whether {@code e} is literals and {@code known} counters under + - *. */
    private static boolean affine(Expr e, Set<String> known) {
        if (e instanceof Expr.Literal) {
            return true;
        }
        if (e instanceof Expr.Var v) {
            return known.contains(v.name());
        }
        if (e instanceof Expr.Binary b && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB || b.op() == BinaryOp.MUL)) {
            return affine(b.left(), known) && affine(b.right(), known);
        }
        return false;
    }

    private static Set<String> counters(Expr e) {
        Set<String> names = new HashSet<>();
        new IrScanner() {
            @Override
            public Void visitVar(Expr.Var v) {
                names.add(v.name());
                return null;
            }
        }.expr(e);
        return names;
    }
}
