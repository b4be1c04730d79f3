package dev.gridforge.runtime.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BandMarksTest {

    /** Three bands of a launch, as DeviceLaunch reports them: each band's launch uses the buffer, then marks it. */
    private static BandMarks<String> threeBands() {
        BandMarks<String> m = new BandMarks<>();
        long[] ready = {100, 200, 300};
        for (int b = 0; b < 3; b++) {
            m.used();
            assertTrue(m.band(b, ready[b], "e" + b).isEmpty());
        }
        return m;
    }

    @Test
    void aDownloadCopiesEachBandAfterItsEvent() {
        BandMarks<String> m = threeBands();
        assertEquals(List.of(new BandMarks.Piece<>(0, 100, "e0"), new BandMarks.Piece<>(100, 200, "e1"),
                new BandMarks.Piece<>(200, 300, "e2")), m.plan(300));
        assertEquals(List.of(new BandMarks.Piece<>(0, 100, "e0"), new BandMarks.Piece<>(100, 150, "e1")), m.plan(150),
                "a partial download stops in the band that holds its end");
        assertEquals("e0", m.eventCovering(100));
        assertEquals("e1", m.eventCovering(101));
        assertEquals("e2", m.eventCovering(300));
        assertNull(m.eventCovering(301));
        assertEquals(List.of(), m.plan(301), "past the last band the marks say nothing");
        assertEquals(3, m.plan(300).size(), "downloading does not use the marks up");
    }

    @Test
    void anyLaterUseVoidsTheMarks() {
        BandMarks<String> m = threeBands();
        m.used();
        assertEquals(List.of(), m.plan(300));
        assertNull(m.eventCovering(1));
    }

    @Test
    void aNewBandedLaunchReplacesTheOldMarksAndHandsBackTheirEvents() {
        BandMarks<String> m = threeBands();
        m.used();
        assertEquals(List.of("e0", "e1", "e2"), m.band(0, 300, "f0"));
        assertEquals(List.of(new BandMarks.Piece<>(0, 300, "f0")), m.plan(300));
        assertEquals(List.of("f0"), m.clear());
        assertEquals(List.of(), m.plan(1));
    }

    @Test
    void aUseBetweenBandsKeepsOnlyTheNewestMark() {
        BandMarks<String> m = new BandMarks<>();
        m.used();
        m.band(0, 100, "e0");
        m.used(); // another launch touches the buffer
        m.used(); // band 1's own launch
        assertEquals(List.of("e0"), m.band(1, 200, "e1"));
        assertEquals(List.of(new BandMarks.Piece<>(0, 200, "e1")), m.plan(200));
    }

    @Test
    void ordersRunWhileTheEventsAreHeld() {
        BandMarks<String> m = threeBands();
        List<String> waited = new java.util.ArrayList<>();
        assertEquals(2, m.orderPieces(150, p -> waited.add(p.event() + "@" + p.from())));
        assertEquals(List.of("e0@0", "e1@100"), waited);
        assertTrue(m.orderAfter(250, waited::add));
        assertEquals("e2", waited.get(2));
        m.used();
        assertEquals(0, m.orderPieces(150, p -> waited.add("never")));
        assertTrue(!m.orderAfter(1, waited::add) && waited.size() == 3, waited.toString());
    }
}
