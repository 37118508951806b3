package io.meridian.rtp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.meridian.rtp.TransportFeedback.NOT_RECEIVED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) against the draft and Chromium. */
class TransportFeedbackTest {
    /**
     * A feedback Chromium sent, as captured by a pion/rtcp contributor (github.com/pion/rtcp, commit 28f50f7,
     * transport_layer_cc_test.go, "example1", noted there as "came from chrome"): sender SSRC 0xFA17FA17 (libwebrtc's
     * default RTCP SSRC), base sequence 153, one packet received 37 ms after the reference time 4057090 (x 64 ms),
     * feedback packet 23, padded with one byte that counts itself.
     */
    private static final byte[] CHROMIUM = hex("afcd0005 fa17fa17 43032fa0 00990001 3de80217 20019401");

    private static byte[] hex(String s) {
        String digits = s.replace(" ", "");
        byte[] b = new byte[digits.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    private static byte[] write(int base, int[] deltas) {
        byte[] b = new byte[TransportFeedback.maxLength(deltas.length)];
        int len = TransportFeedback.write(b, 0, 1, 2, base, 100, 7, deltas, 0, deltas.length);
        return Arrays.copyOf(b, len);
    }

    /** Each status as "sequence:delta", NOT_RECEIVED as "sequence:-"; null when the packet is refused. */
    private static List<String> statuses(byte[] b) {
        List<String> out = new ArrayList<>();
        boolean ok = TransportFeedback.forEachStatus(b, 0, b.length,
                (seq, delta) -> out.add(seq + ":" + (delta == NOT_RECEIVED ? "-" : Integer.toString(delta))));
        return ok ? out : null;
    }

    private static int chunk(byte[] b, int index) {
        return Bytes.u16(b, TransportFeedback.HEADER_LENGTH + 2 * index);
    }

    @Test
    void chromiumsFeedbackReadsAsCapturedAndIsWrittenBackByteForByte() {
        assertEquals(RtcpPacket.RTPFB, RtcpPacket.packetType(CHROMIUM, 0));
        assertEquals(TransportFeedback.FMT, RtcpPacket.count(CHROMIUM, 0));
        assertEquals(0xFA17FA17, RtcpPacket.senderSsrc(CHROMIUM, 0));
        assertEquals(0x43032FA0, RtcpPacket.mediaSsrc(CHROMIUM, 0));
        assertEquals(153, TransportFeedback.baseSequence(CHROMIUM, 0));
        assertEquals(1, TransportFeedback.statusCount(CHROMIUM, 0));
        assertEquals(4057090, TransportFeedback.referenceTime(CHROMIUM, 0));
        assertEquals(23, TransportFeedback.feedbackCount(CHROMIUM, 0));
        assertEquals(List.of("153:148"), statuses(CHROMIUM), "148 x 250 µs = 37 ms");

        byte[] b = new byte[TransportFeedback.maxLength(1)];
        int len = TransportFeedback.write(b, 0, 0xFA17FA17, 0x43032FA0, 153, 4057090, 23, new int[] {148}, 0, 1);
        assertArrayEquals(CHROMIUM, Arrays.copyOf(b, len));
    }

    @Test
    void runLengthChunksAreTheDraftsExamples() {
        // §3.1.3 example 1: a run of 221 "packet not received" is 0|00|0000011011101.
        int[] deltas = new int[222];
        Arrays.fill(deltas, NOT_RECEIVED);
        deltas[221] = 4;
        byte[] b = write(1000, deltas);
        assertEquals(0x00DD, chunk(b, 0));
        assertEquals(0x2001, chunk(b, 1), "then a run of one small delta");
        List<String> read = statuses(b);
        assertEquals(222, read.size());
        assertEquals("1000:-", read.get(0));
        assertEquals("1221:4", read.get(221));

        // §3.1.3 example 2 is a run of the symbol 11, which §3.1.1 reserves: refused, as libwebrtc refuses it.
        byte[] reserved = write(1, new int[] {5});
        Bytes.put16(reserved, TransportFeedback.HEADER_LENGTH, 0x6018);
        assertEquals(null, statuses(reserved));
    }

    @Test
    void statusVectorsAreTheDraftsExamples() {
        // §3.1.4 example 1: 1|0|0 1 1 1 1 1 0 0 0 1 1 1 0 0 (1 = received: the example, not the prose, is right).
        int[] pattern = {0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0};
        int[] deltas = new int[pattern.length];
        for (int i = 0; i < pattern.length; i++) {
            deltas[i] = pattern[i] == 1 ? 10 + i : NOT_RECEIVED;
        }
        byte[] b = write(50, deltas);
        assertEquals(0x9F1C, chunk(b, 0));
        assertEquals(TransportFeedback.HEADER_LENGTH + 2 + 8 + 2, b.length, "eight one-byte deltas, padded");
        assertEquals(List.of("50:-", "51:11", "52:12", "53:13", "54:14", "55:15", "56:-", "57:-", "58:-", "59:19",
                "60:20", "61:21", "62:-", "63:-"), statuses(b));

        // §3.1.4 example 2, 1|1|00 11 01 01 01 00 00, uses the reserved 11 for its second status: refused. With a
        // large delta (10) there instead, it is what the writer makes of those seven statuses.
        int[] seven = {NOT_RECEIVED, 300, 1, 2, 3, NOT_RECEIVED, NOT_RECEIVED};
        byte[] reserved = write(1, seven);
        Bytes.put16(reserved, TransportFeedback.HEADER_LENGTH, 0xCD50);
        assertEquals(null, statuses(reserved));
        byte[] legal = write(1, seven);
        assertEquals(0xC950, chunk(legal, 0));
        assertEquals(List.of("1:-", "2:300", "3:1", "4:2", "5:3", "6:-", "7:-"), statuses(legal));
    }

    @Test
    void aLargeDeltaClosesAOneBitVectorIntoATwoBitVectorOfSeven() {
        // 1,1,1,0,1,1,0,1,1 then a negative delta: the first seven go out as two-bit symbols, the rest follow.
        int[] deltas = {160, 20, 20, NOT_RECEIVED, 9, 31, NOT_RECEIVED, 0, 40, -20};
        byte[] b = write(1, deltas);
        assertEquals(0xD514, chunk(b, 0));
        assertEquals(0xD600, chunk(b, 1));
        assertArrayEquals(new byte[] {(byte) 160, 20, 20, 9, 31, 0, 40, (byte) 0xFF, (byte) 0xEC, 0, 0, 3},
                Arrays.copyOfRange(b, TransportFeedback.HEADER_LENGTH + 4, b.length), "deltas, then padding");
        assertEquals(0xAF, b[0] & 0xFF, "V=2, P, FMT=15");
        assertEquals(b.length / 4 - 1, Bytes.u16(b, 2));
    }

    @Test
    void sequenceNumbersWrapAndHeaderFieldsReadBack() {
        int[] deltas = {1, NOT_RECEIVED, 2, 3, -32768, 32767};
        byte[] b = new byte[TransportFeedback.maxLength(deltas.length)];
        int len = TransportFeedback.write(b, 0, 0x11223344, 0x55667788, 65533, -2, 255, deltas, 0, deltas.length);
        byte[] p = Arrays.copyOf(b, len);
        assertEquals(0x11223344, RtcpPacket.senderSsrc(p, 0));
        assertEquals(0x55667788, RtcpPacket.mediaSsrc(p, 0));
        assertEquals(-2, TransportFeedback.referenceTime(p, 0), "§3.1: a signed 24-bit value");
        assertEquals(255, TransportFeedback.feedbackCount(p, 0));
        assertEquals(len, RtcpPacket.validate(p, 0, len));
        assertEquals(List.of("65533:1", "65534:-", "65535:2", "0:3", "1:-32768", "2:32767"), statuses(p));
    }

    @Test
    void randomStatusesRoundTrip() {
        Random random = new Random(14);
        for (int round = 0; round < 500; round++) {
            int n = 1 + random.nextInt(round < 250 ? 40 : 600);
            int[] deltas = new int[n];
            int lossRate = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                int r = random.nextInt(10);
                deltas[i] = r < lossRate ? NOT_RECEIVED : r < 9 ? random.nextInt(256) : random.nextInt(65536) - 32768;
            }
            byte[] b = write(random.nextInt(65536), deltas);
            assertTrue(b.length <= TransportFeedback.maxLength(n));
            assertEquals(0, b.length % 4);
            int base = TransportFeedback.baseSequence(b, 0);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(((base + i) & 0xFFFF) + ":" + (deltas[i] == NOT_RECEIVED ? "-" : deltas[i]));
            }
            assertEquals(expected, statuses(b), "round " + round);
        }
    }

    @Test
    void truncatedOrBadlyPaddedPacketsAreRefused() {
        byte[] b = write(1, new int[] {1, 2, 300, NOT_RECEIVED, 4});
        int unpadded = b.length - b[b.length - 1];
        for (int len = 0; len < unpadded; len++) {
            byte[] cut = Arrays.copyOf(b, len);
            if (len >= TransportFeedback.HEADER_LENGTH) {
                cut[0] &= (byte) ~0x20; // no padding claimed: only the missing bytes can make it fail
            }
            assertFalse(TransportFeedback.forEachStatus(cut, 0, len, (s, d) -> { }), "length " + len);
        }
        byte[] badPadding = b.clone();
        badPadding[b.length - 1] = 0;
        assertEquals(null, statuses(badPadding));
    }
}
