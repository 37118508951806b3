package io.meridian.rtp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The arrivals a publisher's feedback reports: wrap-around, repeats, and what splits the report in messages. */
class TransportArrivalsTest {
    private static final long MS = 1_000_000L;

    private final TransportArrivals window = new TransportArrivals();
    private int feedbackCount;

    /** Every message the window has to send now, each as its statuses ("sequence:delta" or "sequence:-"). */
    private List<List<String>> report() {
        List<List<String>> messages = new ArrayList<>();
        byte[] b = new byte[TransportArrivals.MAX_LENGTH];
        while (window.hasUnreported()) {
            int len = window.writeFeedback(b, 0, 1, 2, feedbackCount++);
            assertTrue(len > 0 && len <= TransportArrivals.MAX_LENGTH);
            List<String> statuses = new ArrayList<>();
            assertTrue(TransportFeedback.forEachStatus(b, 0, len,
                    (seq, d) -> statuses.add(seq + ":" + (d == TransportFeedback.NOT_RECEIVED ? "-" : d))));
            messages.add(statuses);
        }
        assertEquals(0, window.writeFeedback(b, 0, 1, 2, 0), "nothing left");
        return messages;
    }

    @Test
    void sequenceNumbersWrapWithinOneMessage() {
        window.arrived(65534, 640 * MS);
        window.arrived(0, 641 * MS);
        window.arrived(1, 642 * MS);
        assertEquals(List.of(List.of("65534:0", "65535:-", "0:4", "1:4")), report());
        window.arrived(2, 700 * MS);
        assertEquals(List.of(List.of("2:240")), report(), "the next starts after the last");
    }

    @Test
    void aRepeatIsIgnoredAndAPacketTooOldForTheRingIsNotReported() {
        window.arrived(10, 0);
        window.arrived(10, 5 * MS);
        assertEquals(List.of(List.of("10:0")), report());
        window.arrived(10, 9 * MS);
        assertFalse(window.hasUnreported(), "already reported");
        window.arrived(11 + TransportArrivals.CAPACITY, 10 * MS);
        window.arrived(11, 11 * MS);
        assertEquals(1, report().stream().mapToLong(m -> m.stream().filter(s -> !s.endsWith(":-")).count()).sum(),
                "11 fell out of the ring before it arrived");
    }

    @Test
    void aDeltaBeyondSixteenBitsStartsANewMessageWithItsOwnReferenceTime() {
        window.arrived(1, 64 * MS);
        window.arrived(2, 65 * MS);
        window.arrived(3, 9000 * MS);
        byte[] b = new byte[TransportArrivals.MAX_LENGTH];
        int len = window.writeFeedback(b, 0, 1, 2, 0);
        assertEquals(List.of(1, 2), List.of(TransportFeedback.baseSequence(b, 0), TransportFeedback.statusCount(b, 0)));
        assertEquals(1, TransportFeedback.referenceTime(b, 0));
        assertTrue(len > 0);
        len = window.writeFeedback(b, 0, 1, 2, 1);
        assertEquals(List.of(3, 1), List.of(TransportFeedback.baseSequence(b, 0), TransportFeedback.statusCount(b, 0)));
        assertEquals(9000 / 64, TransportFeedback.referenceTime(b, 0));
        assertFalse(window.hasUnreported());
    }

    @Test
    void manyArrivalsAreSplitAtMaxStatusesAndALongGapIsReportedFromTheOldestTheRingHolds() {
        for (int i = 0; i < 600; i++) {
            window.arrived(i, i * MS / 4);
        }
        List<List<String>> messages = report();
        assertEquals(List.of(TransportArrivals.MAX_STATUSES, 600 - TransportArrivals.MAX_STATUSES),
                messages.stream().map(List::size).toList());
        assertEquals("512:0", messages.get(1).get(0), "each message has its own reference time");

        window.arrived(600 + 2 * TransportArrivals.CAPACITY, 500 * MS);
        messages = report();
        assertEquals(TransportArrivals.CAPACITY, messages.stream().mapToInt(List::size).sum());
        assertEquals((600 + TransportArrivals.CAPACITY + 1) + ":-", messages.get(0).get(0));
        assertTrue(messages.get(messages.size() - 1).get(messages.get(messages.size() - 1).size() - 1)
                .startsWith((600 + 2 * TransportArrivals.CAPACITY) % 65536 + ":"));
    }
}
