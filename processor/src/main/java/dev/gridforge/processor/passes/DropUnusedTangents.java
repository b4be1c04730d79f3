package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.IrMutator;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * drop-unused-tangents: forward mode gives every active local a tangent, also where no derivative
 * reads it; this removes the tangents (the generated {@code gf_d}/{@code gf_t} locals and local
 * arrays) the result cannot depend on, so neither the CUDA compiler nor the JIT has to, and the
 * generated code reads as the derivatives it computes. The user's own statements all stay. A
 * tangent's update goes even where it could throw (an array read outside): it repeats the reads
 * of the statement it stands before, which stays and throws there, as the method does (where two
 * parts of that statement may throw, forward mode computes its value before the tangent, so the
 * order of what throws is the statement's either way).
 */
public final class DropUnusedTangents implements Pass {

    @Override
    public String name() {
        return "drop-unused-tangents";
    }

    @Override
    public Kernel apply(Kernel kernel) {
        List<Function> helpers = kernel.helpers().stream().map(DropUnusedTangents::drop).toList();
        return kernel.withPoint(drop(kernel.point()), kernel.hoisted()).withHelpers(helpers);
    }

    static Function drop(Function f) {
        Function current = f;
        while (true) {
            Set<String> read = readVariables(current.body()); // the useful ones
            Set<String> dropped = new HashSet<>();
            Stmt.Block body = new IrMutator() {
                @Override
                public List<Stmt> stmts(List<Stmt> in) {
                    List<Stmt> out = new ArrayList<>();
                    for (Stmt s : in) {
                        if (unusedTangent(s, read)) {
                            dropped.add(s.target());
                        } else {
                            out.add(stmt(s));
                        }
                    }
                    return out.size() == in.size() && dropped.isEmpty() ? in : out;
                }
            }.block(current.body());
            if (dropped.isEmpty()) {
                return current;
            }
            current = current.withBody(body);
        }
    }

    private static boolean unusedTangent(Stmt s, Set<String> read) {
        String name = s.target();
        return name != null && isTangent(name) && !read.contains(name);
    }

    /**
     * The variables the kernel's result can depend on: everything read outside a tangent's own
     * update (by the user's statements, conditions, returns and stores), then, until nothing
     * changes, what the updates of those tangents read. A tangent that only feeds itself
     * ({@code gf_d2_u = gf_d2_u + ...} in a loop) is not among them.
     */
    private static Set<String> readVariables(Stmt.Block body) {
        Set<String> useful = new HashSet<>();
        Map<String, Set<String>> feeds = new HashMap<>(); // tangent -> what its updates read
        new IrMutator() {
            @Override
            public Stmt stmt(Stmt s) {
                String target = s.target();
                if (target != null && isTangent(target)) {
                    reads(s, feeds.computeIfAbsent(target, k -> new HashSet<>()));
                    return s; // nested statements of a declaration or store: none
                }
                if (target != null) {
                    reads(s, useful);
                    return s;
                }
                reads(s, useful); // conditions, returns, stores, for loops' own parts
                return super.stmt(s);
            }
        }.block(body);
        List<String> work = new ArrayList<>(useful);
        while (!work.isEmpty()) {
            String v = work.remove(work.size() - 1);
            for (String r : feeds.getOrDefault(v, Set.of())) {
                if (useful.add(r)) {
                    work.add(r);
                }
            }
        }
        return useful;
    }

    private static boolean isTangent(String name) {
        return name.startsWith("gf_d") || name.startsWith("gf_t");
    }

    /** Every variable (and local array) a statement's own expressions read (not its nested statements'). */
    private static void reads(Stmt s, Set<String> into) {
        s.ownExpressions().forEach(e -> Assignments.namesRead(e, into));
    }
}
