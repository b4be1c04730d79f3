package dev.gridforge.bench.sass;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What ptxas says of each entry point ({@code --ptxas-options=-v}): registers, stack frame, spill stores and loads. */
record ResourceUse(int registers, int stackBytes, int spillStoreBytes, int spillLoadBytes) {
    private static final Pattern PROPERTIES = Pattern.compile("Function properties for (\\S+)");
    private static final Pattern FRAME = Pattern.compile("(\\d+) bytes stack frame, (\\d+) bytes spill stores, (\\d+) bytes spill loads");
    private static final Pattern REGISTERS = Pattern.compile("Used (\\d+) registers");
    private static final Pattern COMPILING = Pattern.compile("Compiling entry function '(\\S+)'");

    boolean spills() {
        return spillStoreBytes > 0 || spillLoadBytes > 0;
    }

    /** Entry point → its use, from NVRTC's log. */
    static Map<String, ResourceUse> parse(String log) {
        Map<String, ResourceUse> out = new HashMap<>();
        String function = null;
        int[] frame = null;
        for (String line : log.split("\n")) {
            Matcher c = COMPILING.matcher(line);
            Matcher p = PROPERTIES.matcher(line);
            Matcher f = FRAME.matcher(line);
            Matcher r = REGISTERS.matcher(line);
            if (c.find()) {
                function = c.group(1);
                frame = null;
            } else if (p.find()) {
                function = p.group(1);
            } else if (f.find()) {
                frame = new int[] {Integer.parseInt(f.group(1)), Integer.parseInt(f.group(2)), Integer.parseInt(f.group(3))};
            } else if (r.find() && function != null) {
                int[] fr = frame == null ? new int[3] : frame;
                out.put(function, new ResourceUse(Integer.parseInt(r.group(1)), fr[0], fr[1], fr[2]));
                function = null;
                frame = null;
            }
        }
        return out;
    }
}
