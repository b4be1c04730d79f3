package dev.gridforge.runtime;

import java.util.Objects;

/**
 * One field of a {@link TimeLoop}'s state with its history: the value now, up to
 * {@code history} past values, and the buffer the next step writes. After every step the loop
 * rotates the buffers (next becomes now, now becomes the first past value, the oldest buffer is
 * reused as next): no memory is allocated or copied per step. Every step writes every ring's
 * {@link #next()}, and never its {@link #now()} or past values; the loop refuses a step that
 * does either, naming the ring. The fields live on the loop's device and belong to the loop,
 * which frees them when it closes.
 *
 * <p>A ring starts as copies of the field given to {@link TimeLoop#ring}: its now() and every
 * past value hold that field's values, in buffers of the loop's own (the field itself is never
 * used again, so changing it later changes nothing here). A history of 0 is allowed: the ring
 * then keeps only now() and next().
 *
 * @param <F> the field class: {@code DoubleField}, {@code FloatField}, ...
 */
public final class Ring<F extends Field> {
    private final String name;
    private final F[] buffers;
    private int head;

    Ring(String name, F[] buffers) {
        this.name = name;
        this.buffers = buffers;
    }

    public String name() {
        return name;
    }

    /** The current value. */
    public F now() {
        return buffers[head];
    }

    /** The value {@code k} steps ago, 1 to {@link #history()}. */
    public F past(int k) {
        if (k < 1 || k > history()) {
            throw new IllegalArgumentException("ring '" + name + "' keeps " + history() + " past value(s); past(" + k
                    + ") asks for one it does not keep (give the ring a longer history)");
        }
        return buffers[Math.floorMod(head - k, buffers.length)];
    }

    /** Where the step being run writes this field's next value. */
    public F next() {
        return buffers[(head + 1) % buffers.length];
    }

    /** How many past values the ring keeps. */
    public int history() {
        return buffers.length - 2;
    }

    public Shape shape() {
        return buffers[0].shape();
    }

    public ElementType elementType() {
        return buffers[0].elementType();
    }

    /** Buffers in the rotation: after this many steps every buffer is back in its place. */
    int period() {
        return buffers.length;
    }

    void advance() {
        head = (head + 1) % buffers.length;
    }

    int head() {
        return head;
    }

    void head(int h) {
        head = h;
    }

    /** The buffers holding now and the past values, in that order (what a snapshot must keep). */
    F level(int k) {
        return k == 0 ? now() : past(k);
    }

    /** Which level {@code f} is: 0 for now(), k for past(k), -1 for next() or a field not of this ring. */
    int levelOf(Field f) {
        for (int k = 0; k <= history(); k++) {
            if (level(k) == f) {
                return k;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "Ring[" + name + ", " + buffers[0].shape() + ", history " + history() + "]";
    }

    static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a ring needs a name (it is used in messages)");
        }
    }
}
