package dev.gridforge.runtime.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a buffer written by a launch cut into bands knows about itself: after which device event
 * each leading part of it holds its results. A download can then copy the first bands while the
 * last still compute. The marks hold only until the buffer is used again ({@link #used()}): after
 * that, a download waits for all the work before it, as usual. Thread-safe.
 *
 * @param <E> the accelerator's event type
 */
public final class BandMarks<E> {

    /** Bytes {@code [0, readyBytes)} are final once {@code event} has happened. */
    public record Mark<E>(long readyBytes, E event) {
    }

    /** One piece of a download: bytes {@code [from, to)}, to be copied after {@code event}. */
    public record Piece<E>(long from, long to, E event) {
    }

    private List<Mark<E>> marks = new ArrayList<>();
    /** Uses of the buffer so far, and how many there had been when the marks were made. */
    private long uses;
    private long markedAt = -1;

    /** The buffer is passed to a launch or written: marks made before this no longer hold (a band of the same launch marks again). */
    public synchronized void used() {
        uses++;
    }

    /**
     * Band {@code band} of a launch that wrote this buffer has been issued; {@code event} follows it.
     * Band 0 starts afresh.
     *
     * @return the events of marks no longer kept, for the caller to release
     */
    public synchronized List<E> band(int band, long readyBytes, E event) {
        List<E> dropped = new ArrayList<>();
        if (band == 0 || markedAt != uses - 1 && markedAt != uses) {
            marks.forEach(m -> dropped.add(m.event()));
            marks = new ArrayList<>();
        }
        marks.add(new Mark<>(readyBytes, event));
        markedAt = uses;
        return dropped;
    }

    /**
     * How to download bytes {@code [0, bytes)} band by band: pieces in order, each after its band's
     * event; empty when the marks do not hold or do not cover them (then wait for everything).
     */
    public synchronized List<Piece<E>> plan(long bytes) {
        if (markedAt != uses || marks.isEmpty() || marks.get(marks.size() - 1).readyBytes() < bytes) {
            return List.of();
        }
        List<Piece<E>> pieces = new ArrayList<>();
        long from = 0;
        for (Mark<E> m : marks) {
            long to = Math.min(m.readyBytes(), bytes);
            if (to > from) {
                pieces.add(new Piece<>(from, to, m.event()));
                from = to;
            }
        }
        return pieces;
    }

    /**
     * Runs {@code order} on each piece of {@link #plan(long)}, while no other thread can drop (and
     * so destroy) their events: an event is only ever waited on while it is still held here.
     *
     * @return how many pieces there were; 0 when the marks do not cover the download
     */
    public synchronized int orderPieces(long bytes, Consumer<Piece<E>> order) {
        List<Piece<E>> pieces = plan(bytes);
        pieces.forEach(order);
        return pieces.size();
    }

    /**
     * Runs {@code order} on the event after which bytes {@code [0, end)} are final, while it is
     * still held here, if the marks say.
     *
     * @return whether they did
     */
    public synchronized boolean orderAfter(long end, Consumer<E> order) {
        E event = eventCovering(end);
        if (event == null) {
            return false;
        }
        order.accept(event);
        return true;
    }

    /** The event after which bytes {@code [0, end)} are final, or null when the marks do not say. */
    public synchronized E eventCovering(long end) {
        if (markedAt != uses) {
            return null;
        }
        for (Mark<E> m : marks) {
            if (m.readyBytes() >= end) {
                return m.event();
            }
        }
        return null;
    }

    /** Forgets every mark (the buffer is freed); returns their events for the caller to release. */
    public synchronized List<E> clear() {
        List<E> dropped = new ArrayList<>();
        marks.forEach(m -> dropped.add(m.event()));
        marks = new ArrayList<>();
        markedAt = -1;
        return dropped;
    }
}
