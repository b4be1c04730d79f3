package dev.gridforge.bench.sass;

import dev.gridforge.bench.sass.Sass.Instruction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one point costs in a kernel's machine code, read statically from its SASS.
 * <ul>
 * <li><b>per point</b>: the instructions on the longest path from the entry to an exit that
 *     takes no backward branch, where a predicated {@code EXIT} (a thread past the end of the
 *     domain) is not taken, a fault report (an {@code ATOM}, only ever reached by a read outside an
 *     array or a division by zero) is off the path, and a {@code CALL} counts as one instruction
 *     (its callee, such as a math library's slow path, is not followed). Compiled with
 *     {@code GF_SASS_INTERIOR}, a stencil's edge path is gone, so for a kernel without loops this
 *     is what an interior point executes in the steady state;</li>
 * <li>each <b>loop</b> (a backward branch the entry reaches): its body's instructions, the
 *     instructions of one iteration's path, its trip count where the code shows it (a counter
 *     stepped by a constant up to a constant), and its local-memory instructions;</li>
 * <li><b>executed</b>: the per-point path plus, for each loop, its further iterations' paths
 *     (inner loops' included), where every trip count is known.</li>
 * </ul>
 */
final class PathCount {
    private static final int NEVER = Integer.MIN_VALUE / 4;

    /** One loop: head and backward branch (indices), body size, one iteration's path, trips (null when unknown), local-memory instructions. */
    record LoopBody(int head, int branch, int instructions, int path, Integer trips, int localMemory) {
        boolean contains(LoopBody other) {
            return other != this && head <= other.head && other.branch <= branch;
        }
    }

    record Result(int instructions, int perPoint, List<LoopBody> loops, int localMemory, int calls, Long executed) {
    }

    private final List<Instruction> code;
    private final List<List<Integer>> next = new ArrayList<>();

    private PathCount(List<Instruction> code) {
        this.code = code;
        Map<Integer, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < code.size(); i++) {
            indexOf.put(code.get(i).address(), i);
        }
        for (int i = 0; i < code.size(); i++) {
            next.add(successors(i, indexOf));
        }
    }

    static Result of(List<Instruction> code) {
        return new PathCount(code).result();
    }

    private Result result() {
        int n = code.size();
        boolean[] reached = reached();
        List<LoopBody> loops = new ArrayList<>();
        int local = 0;
        int calls = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (!reached[i]) {
                continue;
            }
            Instruction in = code.get(i);
            count++;
            local += in.touchesLocalMemory() ? 1 : 0;
            calls += in.is("CALL") ? 1 : 0;
            for (int s : next.get(i)) {
                if (s <= i && in.is("BRA")) {
                    int memory = 0;
                    for (int j = s; j <= i; j++) {
                        memory += code.get(j).touchesLocalMemory() ? 1 : 0;
                    }
                    loops.add(new LoopBody(s, i, i - s + 1, Math.max(0, longest(s, i)), trips(s, i), memory));
                }
            }
        }
        int perPoint = n == 0 ? 0 : Math.max(0, longest(0, -1));
        return new Result(count, perPoint, loops, local, calls, executed(perPoint, loops));
    }

    /** The per-point path plus every loop's further iterations, or null where a trip count is unknown. */
    private static Long executed(int perPoint, List<LoopBody> loops) {
        long total = perPoint;
        for (LoopBody l : loops) {
            if (loops.stream().noneMatch(o -> o.contains(l))) {
                Long inner = iterations(l, loops);
                if (inner == null) {
                    return null;
                }
                total += inner;
            }
        }
        return total;
    }

    /** The instructions a loop's iterations after its first add: (trips - 1) times one iteration's, inner loops' included. */
    private static Long iterations(LoopBody l, List<LoopBody> loops) {
        if (l.trips() == null) {
            return null;
        }
        long once = l.path();
        long nested = 0;
        for (LoopBody inner : loops) {
            if (l.contains(inner) && loops.stream().noneMatch(o -> o != l && o.contains(inner) && l.contains(o))) {
                Long more = iterations(inner, loops);
                if (more == null) {
                    return null;
                }
                nested += more;
            }
        }
        return (l.trips() - 1) * (once + nested) + nested;
    }

    private boolean[] reached() {
        boolean[] reached = new boolean[code.size()];
        Deque<Integer> work = new ArrayDeque<>(List.of(0));
        while (!work.isEmpty()) {
            int i = work.pop();
            if (i < code.size() && !reached[i]) {
                reached[i] = true;
                next.get(i).forEach(work::push);
            }
        }
        return reached;
    }

    /**
     * The longest forward path from {@code from} to the backward branch at {@code to} (or, for
     * {@code to} -1, to an exit), staying inside; fault reports are off every path.
     */
    private int longest(int from, int to) {
        int end = to < 0 ? code.size() - 1 : to;
        int[] val = new int[end + 2];
        for (int i = end; i >= from; i--) {
            Instruction in = code.get(i);
            if (in.is("ATOMG") || in.is("ATOM") || in.is("RED")) {
                val[i] = NEVER;
                continue;
            }
            if (i == to) {
                val[i] = 1;
                continue;
            }
            int best = to < 0 && terminal(in) ? 0 : NEVER;
            for (int s : next.get(i)) {
                if (s > i && s <= end) {
                    best = Math.max(best, val[s]);
                }
            }
            val[i] = best == NEVER ? NEVER : 1 + best;
        }
        return val[from];
    }

    private static boolean terminal(Instruction in) {
        return (in.is("EXIT") && !in.predicated()) || in.is("RET");
    }

    /**
     * How many times the loop from {@code head} to the branch at {@code branch} runs, where its
     * branch tests a counter that the body steps by a constant against a constant, from a
     * constant: {@code IADD3 R4, R4, 0x4, RZ; ISETP.NE.AND P0, PT, R4, 0x20, PT; @P0 BRA head}.
     */
    private Integer trips(int head, int branch) {
        Instruction bra = code.get(branch);
        if (!bra.predicated()) {
            return null;
        }
        String predicate = bra.predicate().replace("@", "").replace("!", "");
        Instruction test = lastWriter(predicate, head, branch);
        if (test != null && test.is("PLOP3")) {
            String[] ops = operands(test);
            String source = ops.length > 4 ? ops[4].replace("!", "") : null;
            test = source == null ? null : lastWriter(source, head, branch);
        }
        if (test == null || !(test.is("ISETP") || test.is("UISETP"))) {
            return null;
        }
        String[] ops = operands(test);
        if (ops.length < 4 || !ops[3].startsWith("0x")) {
            return null;
        }
        String counter = ops[2];
        long bound = Long.parseLong(ops[3].substring(2), 16);
        Long step = null;
        for (int i = head; i < branch; i++) {
            Instruction in = code.get(i);
            String[] o = operands(in);
            if ((in.is("IADD3") || in.is("UIADD3")) && o.length >= 3 && o[0].equals(counter)) {
                int src = o[1].matches("U?P[0-9T]") ? 2 : 1; // after a carry-out predicate
                if (o.length > src + 1 && o[src].equals(counter) && o[src + 1].startsWith("0x")) {
                    step = Long.parseLong(o[src + 1].substring(2), 16);
                }
            }
        }
        Long start = initialValue(counter, head);
        if (step == null || start == null || step <= 0 || bound <= start || (bound - start) % step != 0) {
            return null;
        }
        return (int) ((bound - start) / step);
    }

    private Instruction lastWriter(String register, int from, int before) {
        for (int i = before - 1; i >= from; i--) {
            String[] ops = operands(code.get(i));
            if (ops.length > 0 && ops[0].equals(register)) {
                return code.get(i);
            }
        }
        return null;
    }

    /** The constant a counter holds when its loop starts, from the last instruction before the loop that sets it. */
    private Long initialValue(String register, int head) {
        for (int i = head - 1; i >= 0; i--) {
            Instruction in = code.get(i);
            String[] ops = operands(in);
            if (ops.length == 0 || !ops[0].equals(register)) {
                continue;
            }
            String last = ops[ops.length - 1];
            if (in.is("MOV") || in.is("UMOV") || in.is("IMAD.MOV.U32") || in.is("IMAD.MOV")) {
                return last.equals("RZ") || last.equals("URZ") ? Long.valueOf(0) : last.startsWith("0x")
                        ? Long.valueOf(Long.parseLong(last.substring(2), 16)) : null;
            }
            if (in.is("CS2R") && last.equals("SRZ")) {
                return 0L;
            }
            return null;
        }
        return null;
    }

    private static String[] operands(Instruction in) {
        return in.operands().isEmpty() ? new String[0] : in.operands().split("\\s*,\\s*");
    }

    private List<Integer> successors(int i, Map<Integer, Integer> indexOf) {
        Instruction in = code.get(i);
        List<Integer> out = new ArrayList<>();
        boolean fallsThrough;
        if (in.is("EXIT") || in.is("RET") || in.is("BPT")) {
            fallsThrough = in.is("EXIT") && in.predicated(); // a thread past the end exits; a point of the domain goes on
        } else if (in.is("BRA")) {
            Integer target = indexOf.get(in.target());
            if (target != null) {
                out.add(target);
            }
            fallsThrough = in.predicated() || in.operands().contains(",") && !in.operands().startsWith("0x");
        } else {
            fallsThrough = true;
        }
        if (fallsThrough && i + 1 < code.size()) {
            out.add(i + 1);
        }
        return out;
    }
}
