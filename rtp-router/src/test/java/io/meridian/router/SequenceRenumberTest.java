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
        assertEquals(1, r.markerOf(1));
        assertEquals(-1, r.markerOf(65534), "sent before anything was left out: as the source marked it");
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
    void untilAPacketIsLeftOutNumbersPassAndAfterwardsTheEarlierOnesKeepTheirs() {
        SequenceRenumber r = new SequenceRenumber();
        for (int seq = 100; seq < 110; seq++) {
            assertEquals(seq, r.forward(seq, false));
        }
        r.leaveOut(110);
        assertEquals(110, r.forward(111, false));
        assertEquals(105, r.compactOf(105), "sent before: its own number");
        assertEquals(105, r.forward(105, false), "and so if it comes again");
        assertEquals(105, r.sourceOf(105));
        assertEquals(111, r.sourceOf(110));
        for (int seq = 112; seq < 112 + 40_000; seq++) { // long after, the early numbers are no longer special
            r.forward(seq & 0xFFFF, false);
        }
        int newest = (112 + 40_000 - 1) & 0xFFFF;
        assertEquals((newest - 1) & 0xFFFF, r.compactOf(newest), "one left out long ago");
        int late = (newest - 10) & 0xFFFF;
        assertEquals((late - 1) & 0xFFFF, r.forward(late, false), "a late packet there is counted as the rest");
    }

    @Test
    void aPacketOlderThanTheWindowIsNotNumbered() {
        SequenceRenumber r = new SequenceRenumber();
        r.forward(4999, false);
        r.leaveOut(5000);
        r.forward(5000 + SequenceRenumber.WINDOW, false);
        assertEquals(-1, r.forward(5000 - 1, false));
        assertEquals(-1, r.compactOf(5000), "its slot has been taken");
        r.reset();
        assertEquals(7, r.forward(7, false), "a new source starts from scratch");
    }
}
