package dev.gridforge.runtime;

import dev.gridforge.runtime.launch.KernelInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the launches of one time-loop step wrote into the loop's rings. A step writes every
 * ring's {@code next()}, and nothing else of a ring: its {@code now()} and past values are
 * what the step reads and what the rotation keeps. Unchecked, a ring left unwritten would
 * rotate into {@code now()} whatever its next buffer last held (uninitialised memory on a
 * device, a value of some earlier step on the JVM), and a write into {@code now()} would change
 * the past under the step. Told of every output a launch in the step is given (the launchers'
 * {@code ...Into}), on the host before the launch, so it costs a few compares per launch.
 */
final class RingWrites {
    private final List<Ring<?>> rings;
    /** Per ring, in the loop's order: whether the step being run has written its next(). */
    private boolean[] written = new boolean[0];

    RingWrites(List<Ring<?>> rings) {
        this.rings = rings;
    }

    /** A step begins: nothing written yet. */
    void begin() {
        if (written.length != rings.size()) {
            written = new boolean[rings.size()]; // once: rings are made before the first step
        } else {
            Arrays.fill(written, false);
        }
    }

    /** {@code kernel}'s output {@code output} is given {@code field}, a field of the loop: a ring's next() or none of a ring's. */
    void wrote(KernelInfo kernel, String output, Field field) {
        for (int i = 0; i < written.length; i++) {
            if (rings.get(i).next() == field) {
                written[i] = true;
                return;
            }
        }
        for (Ring<?> r : rings) {
            int level = r.levelOf(field);
            if (level >= 0) {
                String which = r.name() + (level == 0 ? ".now()" : ".past(" + level + ")");
                throw new IllegalStateException("[TimeLoop] kernel '" + kernel.name() + "' writes its output '" + output
                        + "' into " + which + " (ring '" + r.name() + "'): a step reads a ring's now() and past values"
                        + " and writes only its next(), which the rotation then makes now(). Write "
                        + kernel.launcher().getSimpleName() + "." + kernel.name() + "Into(" + r.name() + ".next(), ...)");
            }
        }
    }

    /** Step {@code step} (counted from 1) has run its body: every ring's next() must have been written. */
    void check(long step) {
        List<String> missed = null;
        for (int i = 0; i < written.length; i++) {
            if (!written[i]) {
                missed = missed == null ? new ArrayList<>() : missed;
                missed.add(rings.get(i).name());
            }
        }
        if (missed == null) {
            return;
        }
        String first = missed.get(0);
        throw new IllegalStateException("[TimeLoop] step " + step + " wrote no value into the next() of ring"
                + (missed.size() == 1 ? " '" + first + "'" : "s '" + String.join("', '", missed) + "'")
                + ": a step writes every ring's next(), with a launcher's ...Into(" + first + ".next(), ...), or the"
                + " rotation would make " + first + ".now() whatever that buffer held before. A field that no step"
                + " changes belongs in loop.resident(field), not in a ring");
    }
}
