package io.meridian.rtp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meridian.rtp.testing.GuardBytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target: the RTP header (RFC 3550 §5.1) and its header extensions in both RFC 8285 forms, as the node reads
 * them on every packet and rewrites them in place (id renumbering, an added element, RTX). Besides reading within
 * the packet, each rewrite keeps what it does not own: a renumbering moves no element, an added element leaves the
 * others and the payload as they were, and RTX unwraps to the packet it wrapped.
 */
class RtpPacketFuzzTest {
    private static final int MAX_ID = 255;
    /** Room for what a writer adds: the largest element {@link HeaderExtensionWriter} is asked for, and more. */
    private static final int ROOM = 64;
    /** A renumbering without gaps: one-byte ids 1..14 among themselves (§4.2), 15..255 among themselves. */
    private static final byte[] PERMUTATION = new byte[MAX_ID + 1];
    /** Keeps the even ids and drops the odd ones (id 0: the element is blanked into padding). */
    private static final byte[] DROP_ODD = new byte[MAX_ID + 1];
    /** Elements the node adds (transport-cc's 2 bytes, audio level's 1) and ones only the two-byte form holds. */
    private static final int[][] ADDED = {{3, 2}, {1, 1}, {14, 16}, {15, 3}, {5, 17}, {200, 255}};

    static {
        for (int id = 1; id <= 14; id++) {
            PERMUTATION[id] = (byte) ((id - 1) * 3 % 14 + 1);
        }
        for (int id = 15; id <= MAX_ID; id++) {
            PERMUTATION[id] = (byte) ((id - 15) * 7 % 241 + 15);
        }
        for (int id = 2; id <= MAX_ID; id += 2) {
            DROP_ODD[id] = (byte) id;
        }
    }

    @FuzzTest
    void headerAndExtensions(byte[] data) {
        List<Object> read = GuardBytes.sameEverywhere(data, RtpPacketFuzzTest::observe);
        long[] elements = GuardBytes.sameEverywhere(data, RtpPacketFuzzTest::elements);
        int header = (int) read.get(0);

        byte[] renumbered = remapped(data, PERMUTATION);
        long[] after = elements(renumbered, 0, renumbered.length);
        for (int id = 1; id <= MAX_ID; id++) {
            assertEquals(elements[id], after[PERMUTATION[id] & 0xFF], "element " + id + " after renumbering");
        }
        byte[] dropped = remapped(data, DROP_ODD);
        after = elements(dropped, 0, dropped.length);
        for (int id = 1; id <= MAX_ID; id++) {
            assertEquals(id % 2 == 0 ? elements[id] : -1, after[id], "element " + id + " after dropping odd ids");
        }
        if (header >= 0 && RtpPacket.paddingFits(data, 0, data.length, header)) {
            // What the router takes in (CoreStages.headerCheck): only that is rewritten, or wrapped as RTX.
            for (int[] element : ADDED) {
                added(data, header, elements, element[0], element[1]);
            }
            if (Rtx.payloadLength(data, 0, data.length, header) >= 0) {
                rtxRoundTrip(data, header);
            }
        }
    }

    /** Everything the node reads of a packet, offsets relative to the packet. */
    private static List<Object> observe(byte[] b, int off, int len) {
        List<Object> out = new ArrayList<>();
        int header = RtpPacket.headerLength(b, off, len);
        out.add(header);
        if (header >= 0) {
            assertTrue(header >= RtpPacket.FIXED_HEADER && header <= len, "header length " + header + " of " + len);
            int padding = RtpPacket.paddingLength(b, off, len);
            boolean fits = RtpPacket.paddingFits(b, off, len, header);
            assertTrue(!fits || ((b[off] & 0x20) == 0 ? padding == 0 : padding >= 1 && padding <= len - header),
                    padding + " bytes of padding after a header of " + header + " in " + len);
            out.add(fits);
            out.add(List.of(RtpPacket.version(b, off), RtpPacket.marker(b, off), RtpPacket.payloadType(b, off),
                    RtpPacket.sequence(b, off), RtpPacket.timestamp(b, off), RtpPacket.ssrc(b, off), padding,
                    Rtx.payloadLength(b, off, len, header)));
            int payload = Rtx.payloadLength(b, off, len, header);
            assertEquals(padding <= len - header ? len - header - padding : -1, payload, "payload length");
        }
        for (int id = 1; id <= 15; id++) {
            int audio = AudioLevel.read(b, off, len, id);
            int sequence = TransportSequenceNumber.read(b, off, len, id);
            int sendTime = AbsSendTime.read(b, off, len, id);
            assertTrue(audio >= -1 && audio <= 0xFF && sequence >= -1 && sequence <= 0xFFFF
                    && sendTime >= -1 && sendTime <= 0xFFFFFF, "an element's value is out of its range");
            out.add(List.of(audio, AudioLevel.levelOf(audio), AudioLevel.voiceOf(audio), sequence, sendTime));
        }
        return out;
    }

    /** Element id -> its data offset (relative to the packet) << 8 | its length, or -1; each checked to lie inside. */
    private static long[] elements(byte[] b, int off, int len) {
        long[] found = new long[MAX_ID + 1];
        Arrays.fill(found, -1);
        int header = RtpPacket.headerLength(b, off, len);
        for (int id = 1; id <= MAX_ID; id++) {
            long element = RtpPacket.extensionElement(b, off, len, id);
            if (element < 0) {
                continue;
            }
            int data = (int) (element >>> 8) - off;
            int length = (int) (element & 0xFF);
            int end = header >= 0 ? header : len;
            assertTrue(data >= RtpPacket.FIXED_HEADER + 4 && data + length <= end,
                    "element " + id + " at " + data + "+" + length + " is not inside the " + end + "-byte header");
            assertEquals(data + off, RtpPacket.extensionData(b, off, len, id, length), "extensionData of " + id);
            found[id] = (long) data << 8 | length;
        }
        return found;
    }

    private static byte[] remapped(byte[] data, byte[] idMap) {
        String rewritten = GuardBytes.sameEverywhere(data, (b, off, len) ->
                RtpPacket.remapExtensions(b, off, len, idMap) + " " + GuardBytes.hex(b, off, len));
        byte[] b = data.clone();
        RtpPacket.remapExtensions(b, 0, b.length, idMap);
        assertEquals(rewritten.substring(rewritten.indexOf(' ') + 1), GuardBytes.hex(b, 0, b.length));
        return b;
    }

    /**
     * Adds element {@code id} of {@code size} bytes: when it succeeds the element is there, zeroed or as it was,
     * every element read before reads the same bytes, and the fixed header, CSRCs and payload are unchanged.
     */
    private static void added(byte[] data, int header, long[] before, int id, int size) {
        String result = GuardBytes.sameEverywhere(data, ROOM, (b, off, len) -> {
            int n = HeaderExtensionWriter.add(b, off, len, len + ROOM, id, size);
            return n < 0 ? "refused" : GuardBytes.hex(b, off, n);
        });
        if (result.equals("refused")) {
            return;
        }
        byte[] b = java.util.HexFormat.of().parseHex(result);
        int grownHeader = RtpPacket.headerLength(b, 0, b.length);
        assertTrue(grownHeader >= header && b.length - data.length == grownHeader - header
                && (b.length - data.length) % 4 == 0, "the packet grew by whole words of header");
        assertArrayEquals(Arrays.copyOfRange(data, header, data.length), Arrays.copyOfRange(b, grownHeader, b.length),
                "payload and padding move back unchanged");
        int fixed = RtpPacket.FIXED_HEADER + 4 * RtpPacket.csrcCount(data, 0);
        assertArrayEquals(Arrays.copyOfRange(data, 1, fixed), Arrays.copyOfRange(b, 1, fixed));
        assertEquals(data[0] | 0x10, b[0], "only X may change in the first byte");
        int at = RtpPacket.extensionData(b, 0, b.length, id, size);
        assertTrue(at >= 0, "element " + id + " of " + size + " bytes is there");
        if (before[id] < 0) {
            assertArrayEquals(new byte[size], Arrays.copyOfRange(b, at, at + size), "a new element is zeroed");
        }
        for (int other = 1; other <= MAX_ID; other++) {
            long was = before[other];
            if (other != id && was >= 0) {
                long now = RtpPacket.extensionElement(b, 0, b.length, other);
                int from = (int) (was >>> 8);
                int length = (int) (was & 0xFF);
                assertEquals(length, now & 0xFF, "element " + other + " keeps its length");
                int to = (int) (now >>> 8);
                assertArrayEquals(Arrays.copyOfRange(data, from, from + length), Arrays.copyOfRange(b, to, to + length),
                        "element " + other + " keeps its data");
            }
        }
    }

    /** RFC 4588 §4: wrapping as RTX and unwrapping gives the packet back, whatever it holds. */
    private static void rtxRoundTrip(byte[] data, int header) {
        String restored = GuardBytes.sameEverywhere(data, Rtx.OSN_LENGTH, (b, off, len) -> {
            int ssrc = RtpPacket.ssrc(b, off);
            int pt = RtpPacket.payloadType(b, off);
            int wrapped = Rtx.wrap(b, off, len, header, ~ssrc, pt ^ 1, 7);
            assertEquals(len + Rtx.OSN_LENGTH, wrapped);
            int unwrapped = Rtx.unwrap(b, off, wrapped, header, ssrc, pt);
            return unwrapped < 0 ? "no OSN" : GuardBytes.hex(b, off, unwrapped);
        });
        assertEquals(GuardBytes.hex(data, 0, data.length), restored, "RTX unwraps to the packet it wrapped");
    }
}
