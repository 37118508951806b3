package io.meridian.router;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceRenumberTest {
    @Test
    void packetsLeftOutLeaveNoGapAndEveryNumberMapsBack() {
        SequenceRenumber r = new SequenceRenumber();
        assertEquals(65534, r.forward(65534, false));
        r.leaveOut(65535);
        r.leaveOut(0);
        assertEquals(65535, r.forward(1, true), "two left out: one on from the last sent, across the wrap");
        assertEquals(1, r.sourceOf(65535));
        assertEquals(65534, r.sourceOf(65534));
        assertEquals(65535, r.compactOf(1));
        assertTrue(r.markerOf(1));
        assertEquals(-1, r.compactOf(0), "a packet left out is not sent again");
        assertEquals(-1, r.forward(0, false), "nor when a copy of it comes late");
    }

    @Test
    void aLossUpstreamStaysAGapAndItsLatePacketFillsIt() {
        SequenceRenumber r = new SequenceRenumber();
        assertEquals(10, r.forward(10, false));
        r.leaveOut(11);
        assertEquals(13, r.forward(14, false), "12 and 13 lost: the receiver sees 11 and 12 missing");
        assertEquals(12, r.forward(13, false), "13 comes late and takes the number kept for it");
        assertEquals(11, r.forward(12, false));
        assertEquals(12, r.sourceOf(11));
        assertEquals(-1, r.sourceOf(20), "never sent");
    }

    @Test
    void aPacketOlderThanTheWindowIsNotNumbered() {
        SequenceRenumber r = new SequenceRenumber();
        r.forward(5000, false);
        r.forward(5000 + SequenceRenumber.WINDOW, false);
        assertEquals(-1, r.forward(5000 - 1, false));
        assertFalse(r.compactOf(5000) == 5000, "its slot has been taken");
        r.reset();
        assertEquals(7, r.forward(7, false), "a new source starts from scratch");
    }
}
