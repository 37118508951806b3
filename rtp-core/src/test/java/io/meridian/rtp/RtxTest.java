package io.meridian.rtp;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RtxTest {
    private static byte[] rtp(int ssrc, int seq, int pt, byte[] payload, int room) {
        byte[] b = new byte[12 + payload.length + room];
        b[0] = (byte) 0x80;
        b[1] = (byte) pt;
        Bytes.put16(b, 2, seq);
        Bytes.put32(b, 4, 123_456);
        Bytes.put32(b, 8, ssrc);
        System.arraycopy(payload, 0, b, 12, payload.length);
        return b;
    }

    @Test
    void wrapPutsTheOsnFirstAndUnwrapGivesTheOriginalBack() {
        byte[] payload = {1, 2, 3, 4, 5};
        byte[] original = rtp(0xAAAA, 4321, 96, payload, 0);
        byte[] b = rtp(0xAAAA, 4321, 96, payload, Rtx.OSN_LENGTH);
        int len = Rtx.wrap(b, 0, 12 + payload.length, 12, 0xBBBB, 97, 9);
        assertEquals(12 + 2 + payload.length, len);
        assertEquals(0xBBBB, RtpPacket.ssrc(b, 0));
        assertEquals(97, RtpPacket.payloadType(b, 0));
        assertEquals(9, RtpPacket.sequence(b, 0));
        assertEquals(4321, Bytes.u16(b, 12), "RFC 4588 §4: OSN");
        assertArrayEquals(payload, Arrays.copyOfRange(b, 14, len));

        int back = Rtx.unwrap(b, 0, len, 12, 0xAAAA, 96);
        assertArrayEquals(original, Arrays.copyOf(b, back));
    }

    @Test
    void aPaddingOnlyRtxPacketHasNothingToRepair() {
        // P bit set, 4 bytes of padding, the last one counting them (RFC 3550 §5.1): no room for an OSN.
        byte[] b = rtp(0xBBBB, 1, 97, new byte[] {0, 0, 0, 4}, 0);
        b[0] |= 0x20;
        assertEquals(-1, Rtx.unwrap(b, 0, b.length, 12, 0xAAAA, 96));
        assertEquals(0, Rtx.payloadLength(b, 0, b.length, 12));
    }
}
