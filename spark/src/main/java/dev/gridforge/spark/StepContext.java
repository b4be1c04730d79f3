package dev.gridforge.spark;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.TimeLoop;
import java.util.List;

/** What a {@link TileStep} sees: the rings of its tile (or of the whole domain) and the step number. */
public final class StepContext {
    private final TimeLoop loop;
    private final List<String> names;
    private final List<Ring<?>> rings;
    private final long stepsBefore;

    StepContext(TimeLoop loop, List<String> names, List<Ring<?>> rings, long stepsBefore) {
        this.loop = loop;
        this.names = names;
        this.rings = rings;
        this.stepsBefore = stepsBefore;
    }

    /** The ring named {@code name}: {@code Ring<DoubleField> u = step.ring("u");}. */
    @SuppressWarnings("unchecked")
    public <F extends Field> Ring<F> ring(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("[TiledLoop] no ring named '" + name + "'; the loop has " + names);
        }
        return (Ring<F>) rings.get(i);
    }

    /** Where this step launches: {@code XKernels.on(step.backend())}. */
    public Backend backend() {
        return loop.backend();
    }

    /** The steps of the whole run done before this one (0 for the first): for a time {@code t = step() * dt}. */
    public long step() {
        return stepsBefore + loop.step();
    }
}
