package io.meridian.rtp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meridian.rtp.testing.GuardBytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target: an RTCP compound packet (RFC 3550 §6.1) walked as the router walks it, and each packet in it read by
 * the parser for its type: generic NACK (RFC 4585 §6.2.1), REMB (draft-alvestrand-rmcat-remb-03 §2.2) and
 * transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). SR, RR, SDES, BYE, PLI and FIR
 * are only framed here (the router's feedback stages read them, see rtp-router's fuzz target). What a parser accepts
 * survives being written again by the node's own writer and read back.
 */
class RtcpCompoundFuzzTest {

    @FuzzTest
    void compound(byte[] data) {
        GuardBytes.sameEverywhere(data, RtcpCompoundFuzzTest::walk);
    }

    /** Each packet of the compound as the parsers see it (an array, so that nested arrays compare by content). */
    private static Object[] walk(byte[] b, int off, int len) {
        List<Object> packets = new ArrayList<>();
        int end = off + len;
        for (int p = off; p < end; ) {
            int plen = RtcpPacket.validate(b, p, end);
            if (plen < 0) {
                packets.add("malformed at " + (p - off));
                break;
            }
            assertTrue(plen >= 4 && plen % 4 == 0 && p + plen <= end, "a packet of " + plen + " bytes");
            int type = RtcpPacket.packetType(b, p);
            int fmt = RtcpPacket.count(b, p);
            packets.add(List.of(type, fmt, plen));
            if (type == RtcpPacket.RTPFB && fmt == RtcpPacket.FMT_NACK && plen >= GenericNack.HEADER_LENGTH) {
                packets.add(nack(b, p, plen));
            } else if (type == RtcpPacket.RTPFB && fmt == TransportFeedback.FMT) {
                packets.add(transportFeedback(b, p, plen));
            } else if (Remb.is(b, p, plen)) {
                packets.add(remb(b, p));
            }
            p += plen;
        }
        return packets.toArray();
    }

    /** The sequence numbers a NACK names; written again by {@link GenericNack#write}, it names the same ones. */
    private static List<Integer> nack(byte[] b, int p, int plen) {
        List<Integer> lost = new ArrayList<>();
        for (int i = 0, n = GenericNack.fciCount(plen); i < n; i++) {
            int named = GenericNack.forEachLost(b, p, i, lost::add);
            assertTrue(named >= 1 && named <= GenericNack.PER_FCI, "one FCI word names " + named);
        }
        int[] seqs = lost.stream().mapToInt(Integer::intValue).toArray();
        byte[] out = new byte[GenericNack.HEADER_LENGTH + seqs.length * GenericNack.FCI_LENGTH];
        int written = GenericNack.write(out, 0, RtcpPacket.senderSsrc(b, p), RtcpPacket.mediaSsrc(b, p), seqs,
                seqs.length);
        assertEquals(written, RtcpPacket.validate(out, 0, written), "the NACK written is well framed");
        List<Integer> again = new ArrayList<>();
        for (int i = 0, n = GenericNack.fciCount(written); i < n; i++) {
            GenericNack.forEachLost(out, 0, i, again::add);
        }
        assertEquals(new TreeSet<>(lost), new TreeSet<>(again), "the NACK written names the same packets");
        return lost;
    }

    /**
     * The statuses of a transport-cc feedback (sequence number and delta, in turn), or why it was refused; statuses
     * read are written again by {@link TransportFeedback#write} and read back the same.
     */
    private static Object transportFeedback(byte[] b, int p, int plen) {
        Statuses statuses = new Statuses();
        if (!TransportFeedback.forEachStatus(b, p, plen, statuses)) {
            assertEquals(0, statuses.count, "a refused feedback gives no status");
            return "refused";
        }
        int count = TransportFeedback.statusCount(b, p);
        assertEquals(count, statuses.count, "one status per packet the feedback counts");
        int base = TransportFeedback.baseSequence(b, p);
        int[] deltas = new int[count];
        for (int i = 0; i < count; i++) {
            assertEquals((base + i) & 0xFFFF, statuses.pairs[2 * i], "statuses in sequence order");
            deltas[i] = statuses.pairs[2 * i + 1];
        }
        byte[] out = new byte[TransportFeedback.maxLength(count)];
        int written = TransportFeedback.write(out, 0, RtcpPacket.senderSsrc(b, p), RtcpPacket.mediaSsrc(b, p), base,
                TransportFeedback.referenceTime(b, p), TransportFeedback.feedbackCount(b, p), deltas, 0, count);
        assertEquals(written, RtcpPacket.validate(out, 0, written), "the feedback written is well framed");
        assertEquals(TransportFeedback.referenceTime(b, p), TransportFeedback.referenceTime(out, 0));
        Statuses again = new Statuses();
        assertTrue(TransportFeedback.forEachStatus(out, 0, written, again), "the feedback written is read back");
        assertArrayEquals(statuses.pairs(), again.pairs(), "the feedback written gives the same statuses");
        return statuses.pairs();
    }

    /** Statuses as they come, without boxing: a feedback may count 65,535 of them. */
    private static final class Statuses implements TransportFeedback.StatusSink {
        private int[] pairs = new int[64];
        private int count;

        @Override
        public void status(int sequence, int delta) {
            if (2 * count == pairs.length) {
                pairs = Arrays.copyOf(pairs, 2 * pairs.length);
            }
            pairs[2 * count] = sequence;
            pairs[2 * count + 1] = delta;
            count++;
        }

        int[] pairs() {
            return Arrays.copyOf(pairs, 2 * count);
        }
    }

    /** A REMB's bitrate and SSRCs; written again by {@link Remb#write}, it says the same. */
    private static List<Object> remb(byte[] b, int p) {
        long bitrate = Remb.bitrate(b, p);
        assertTrue(bitrate >= 0, "a REMB's bitrate is " + bitrate);
        int n = Remb.ssrcCount(b, p);
        int[] ssrcs = new int[n];
        for (int i = 0; i < n; i++) {
            ssrcs[i] = Remb.ssrc(b, p, i);
        }
        byte[] out = new byte[Remb.FIXED_LENGTH + 4 * n];
        int written = Remb.write(out, 0, RtcpPacket.senderSsrc(b, p), bitrate, ssrcs, n);
        assertTrue(Remb.is(out, 0, written), "the REMB written is one");
        assertEquals(bitrate, Remb.bitrate(out, 0), "the REMB written gives the same bitrate");
        assertEquals(n, Remb.ssrcCount(out, 0));
        for (int i = 0; i < n; i++) {
            assertEquals(ssrcs[i], Remb.ssrc(out, 0, i));
        }
        return List.of(bitrate, n);
    }
}
