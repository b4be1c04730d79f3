package dev.gridforge.bench.sass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The functions of a CUBIN as {@code cuobjdump -sass} prints them: per function, its instructions in address order. */
final class Sass {
    private static final Pattern FUNCTION = Pattern.compile("^\\s*Function : (\\S+)\\s*$");
    private static final Pattern INSTRUCTION = Pattern.compile(
            "^\\s*/\\*([0-9a-f]{4,})\\*/\\s+(@!?U?P[0-9T]+\\s+)?([A-Z][A-Z0-9_.]*)\\s*([^;]*);");
    private static final Pattern HEX = Pattern.compile("0x([0-9a-f]+)");

    /** One instruction: its byte address, its predicate ({@code @P0}, {@code @!P1}; empty when none), opcode and operands. */
    record Instruction(int address, String predicate, String opcode, String operands) {

        boolean predicated() {
            return !predicate.isEmpty() && !predicate.equals("@PT");
        }

        boolean is(String op) {
            return opcode.equals(op) || opcode.startsWith(op + ".");
        }

        /** The address a branch or call goes to: its last hexadecimal operand. */
        int target() {
            Matcher m = HEX.matcher(operands);
            int last = -1;
            while (m.find()) {
                last = Integer.parseInt(m.group(1), 16);
            }
            return last;
        }

        boolean touchesLocalMemory() {
            return is("LDL") || is("STL");
        }
    }

    private Sass() {
    }

    /** Function name → its instructions. */
    static Map<String, List<Instruction>> parse(String cuobjdumpOutput) {
        Map<String, List<Instruction>> functions = new LinkedHashMap<>();
        List<Instruction> current = null;
        for (String line : cuobjdumpOutput.split("\n")) {
            Matcher f = FUNCTION.matcher(line);
            if (f.matches()) {
                current = new ArrayList<>();
                functions.put(f.group(1), current);
                continue;
            }
            Matcher m = INSTRUCTION.matcher(line);
            if (current != null && m.find()) {
                String predicate = m.group(2) == null ? "" : m.group(2).strip();
                current.add(new Instruction(Integer.parseInt(m.group(1), 16), predicate, m.group(3), m.group(4).strip()));
            }
        }
        return functions;
    }
}
