package dev.gridforge.processor.ir;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Which helpers a function calls, directly or through other helpers. */
public final class CallGraph {

    private CallGraph() {
    }

    /**
     * The helpers of {@code all} that {@code root} reaches, in {@code all}'s order (callees
     * first, as the printers need them): a class's helpers are translated into one table, and
     * each kernel's CUDA file should carry only what that kernel runs.
     */
    public static List<Function> reachable(Function root, List<Function> all) {
        Map<String, Function> byName = all.stream()
                .collect(Collectors.toMap(Function::name, f -> f, (a, b) -> a));
        Set<String> reached = new HashSet<>();
        Deque<Function> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            for (String callee : callees(todo.pop())) {
                Function f = byName.get(callee);
                if (f != null && reached.add(callee)) {
                    todo.push(f);
                }
            }
        }
        return all.stream().filter(f -> reached.contains(f.name())).toList();
    }

    /** The names of the functions {@code f}'s body calls. */
    static Set<String> callees(Function f) {
        Set<String> names = new HashSet<>();
        new IrScanner() {
            @Override
            public Void visitCall(Expr.Call c) {
                names.add(c.function());
                return super.visitCall(c);
            }
        }.function(f);
        return names;
    }
}
