package dev.gridforge.samples.goldens;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts by lines (longest common subsequence), with three lines of context:
 * what a changed golden file shows, so the change can be read in the test's failure.
 */
final class LineDiff {
    private static final int CONTEXT = 3;

    private LineDiff() {
    }

    static String unified(String expectedName, String expected, String actualName, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        // The edit script: ' ' kept, '-' only in expected, '+' only in actual.
        List<String> script = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                script.add(" " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                script.add("-" + a.get(i++));
            } else {
                script.add("+" + b.get(j++));
            }
        }
        StringBuilder out = new StringBuilder("--- " + expectedName + "\n+++ " + actualName + "\n");
        int last = -1;
        for (int k = 0; k < script.size(); k++) {
            if (script.get(k).charAt(0) == ' ') {
                continue;
            }
            int from = Math.max(last + 1, k - CONTEXT);
            if (from > last + 1 && last >= 0) {
                out.append("@@\n");
            }
            int to = k;
            while (to + 1 < script.size() && (script.get(to + 1).charAt(0) != ' ' || nextChangeWithin(script, to + 1))) {
                to++;
            }
            to = Math.min(script.size() - 1, to + CONTEXT);
            for (int m = from; m <= to; m++) {
                out.append(script.get(m)).append('\n');
            }
            last = to;
            k = to;
        }
        return out.toString();
    }

    /** Whether another change follows within twice the context, so the two hunks print as one. */
    private static boolean nextChangeWithin(List<String> script, int from) {
        for (int m = from; m < Math.min(script.size(), from + 2 * CONTEXT); m++) {
            if (script.get(m).charAt(0) != ' ') {
                return true;
            }
        }
        return false;
    }
}
