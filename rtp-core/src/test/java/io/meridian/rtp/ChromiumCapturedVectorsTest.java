package io.meridian.rtp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.meridian.rtp.TransportFeedback.NOT_RECEIVED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packets a real Chromium sent to the node, decrypted (src/test/resources/chromium/README.md says how and when they
 * were captured). The expected values were read from the bytes by hand, per the RFCs and drafts cited at each one,
 * not from our codecs; where our codecs write the same content, what they write must be what Chromium wrote.
 */
class ChromiumCapturedVectorsTest {
    /** Alice's VP8 stream and its RTX stream, and Bob (who NACKs her) in the publisher-loss call. */
    private static final int ALICE_VIDEO = 0xDCA72EC9;
    private static final int ALICE_RTX = 0x9DE445FF;
    private static final int BOB_VIDEO = 0x605E6287;
    private static final int BOB_AUDIO = 0x4B134E0B;
    /** The negotiated payload types (VP8 96, rtx 97 with apt=96) and extension ids of Chromium's offer. */
    private static final int VP8_PT = 96;
    private static final int RTX_PT = 97;
    private static final int ABS_SEND_TIME_ID = 2;
    private static final int TRANSPORT_SEQUENCE_ID = 3;

    private static byte[] load(String name) {
        try (InputStream in = ChromiumCapturedVectorsTest.class.getResourceAsStream("/chromium/" + name)) {
            assertNotNull(in, "test resource chromium/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Walks the compound (RFC 3550 §6.1) with {@link RtcpPacket#validate}: each packet as "PT/FMT/bytes". Fails
     * unless the packets, by their length fields, cover the file exactly.
     */
    private static List<String> compound(byte[] b) {
        List<String> packets = new ArrayList<>();
        int p = 0;
        while (p < b.length) {
            int len = RtcpPacket.validate(b, p, b.length);
            assertTrue(len > 0, "malformed packet at " + p);
            assertEquals(len, RtcpPacket.lengthBytes(b, p));
            packets.add(RtcpPacket.packetType(b, p) + "/" + RtcpPacket.count(b, p) + "/" + len);
            p += len;
        }
        assertEquals(b.length, p);
        return packets;
    }

    /** RFC 3550 §6.4.1: the length field is the packet's length in 32-bit words minus one. */
    private static void assertLengthFieldIsTheFile(byte[] b) {
        assertEquals(0, b.length % 4);
        assertEquals(b.length / 4 - 1, Bytes.u16(b, 2));
    }

    private static List<Integer> lost(byte[] b) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < GenericNack.fciCount(b.length); i++) {
            GenericNack.forEachLost(b, 0, i, out::add);
        }
        return out;
    }

    /** Our NACK for the same SSRCs and sequence numbers: RFC 4585 §6.2.1 leaves one encoding, so Chromium's. */
    private static byte[] writeNack(int sender, int media, List<Integer> seqs) {
        int[] s = seqs.stream().mapToInt(Integer::intValue).toArray();
        byte[] b = new byte[GenericNack.HEADER_LENGTH + s.length * GenericNack.FCI_LENGTH];
        return Arrays.copyOf(b, GenericNack.write(b, 0, sender, media, s, s.length));
    }

    private static void assertNack(String file, int sender, int media, int words, List<Integer> expectedLost) {
        byte[] b = load(file);
        assertLengthFieldIsTheFile(b);
        assertEquals(List.of(RtcpPacket.RTPFB + "/" + RtcpPacket.FMT_NACK + "/" + b.length), compound(b),
                "reduced-size RTCP (rtcp-rsize): the NACK alone");
        assertEquals(sender, RtcpPacket.senderSsrc(b, 0));
        assertEquals(media, RtcpPacket.mediaSsrc(b, 0));
        assertEquals(words, GenericNack.fciCount(b.length));
        assertEquals(expectedLost, lost(b));
        assertArrayEquals(b, writeNack(sender, media, expectedLost));
    }

    @Test
    void aNackOfOneLostPacket() {
        // 81 cd 0003 | 605e6287 | dca72ec9 | 2074 0000: Bob asks again for Alice's video packet 0x2074 = 8308.
        assertNack("nack-8308.bin", BOB_VIDEO, ALICE_VIDEO, 1, List.of(8308));
    }

    @Test
    void aNackWhosePidAndBitmaskNameTwoPackets() {
        // 81 cd 0003 | e1d8e589 | 2b87f11c | 2630 0100: PID 0x2630 = 9776; BLP bit 8 set, so PID + 8 + 1 = 9785.
        assertNack("nack-pid-blp.bin", 0xE1D8E589, 0x2B87F11C, 1, List.of(9776, 9785));
    }

    @Test
    void aNackWhoseBitmaskNamesTheEightFollowingPackets() {
        // 81 cd 0003 | 2befe5ae | 32d7e0ed | 38db 00ff: PID 0x38db = 14555, BLP bits 0-7: 14556 to 14563.
        assertNack("nack-blp-ff.bin", 0x2BEFE5AE, 0x32D7E0ED, 1,
                List.of(14555, 14556, 14557, 14558, 14559, 14560, 14561, 14562, 14563));
    }

    @Test
    void aNackOfTwoFciWords() {
        // 81 cd 0004 | 32d7e0ed | 2befe5ae | 0455 0000 | 046a 0000: 1109 and 1130, 21 apart, so two words.
        assertNack("nack-two-words.bin", 0x32D7E0ED, 0x2BEFE5AE, 2, List.of(1109, 1130));
    }

    @Test
    void rtxCarriesTheOriginalSequenceNumberAndUnwrapsToThePacketItRepairs() {
        byte[] b = load("rtx-osn-8308.bin");
        int len = b.length;
        assertEquals(614, len);
        // 90 61 7026 | 11f718f4 | 9de445ff | bede 0002 | 22 0e5c6b 31 037a 00 | 2074 | 9080cce4... (VP8)
        assertEquals(2, RtpPacket.version(b, 0));
        assertTrue(RtpPacket.hasExtension(b, 0));
        assertFalse(RtpPacket.marker(b, 0));
        assertEquals(RTX_PT, RtpPacket.payloadType(b, 0));
        assertEquals(28710, RtpPacket.sequence(b, 0));
        assertEquals(0x11F718F4L, RtpPacket.timestamp(b, 0));
        assertEquals(ALICE_RTX, RtpPacket.ssrc(b, 0));
        int header = RtpPacket.headerLength(b, 0, len);
        assertEquals(12 + 4 + 8, header, "fixed header, extension header, two words of one-byte elements");
        assertEquals(0x0E5C6B, AbsSendTime.read(b, 0, len, ABS_SEND_TIME_ID));
        assertEquals(0x037A, TransportSequenceNumber.read(b, 0, len, TRANSPORT_SEQUENCE_ID));
        assertEquals(len - header, Rtx.payloadLength(b, 0, len, header), "no padding");

        byte[] original = b.clone();
        byte[] repaired = Arrays.copyOf(b, len);
        int back = Rtx.unwrap(repaired, 0, len, header, ALICE_VIDEO, VP8_PT);
        assertEquals(len - Rtx.OSN_LENGTH, back);
        assertEquals(8308, RtpPacket.sequence(repaired, 0), "RFC 4588 §4: the OSN, 0x2074");
        assertEquals(ALICE_VIDEO, RtpPacket.ssrc(repaired, 0));
        assertEquals(VP8_PT, RtpPacket.payloadType(repaired, 0));
        assertEquals(0x11F718F4L, RtpPacket.timestamp(repaired, 0), "the timestamp is the original's");
        assertArrayEquals(Arrays.copyOfRange(original, 12, header), Arrays.copyOfRange(repaired, 12, header),
                "the extensions stay");
        assertArrayEquals(Arrays.copyOfRange(original, header + Rtx.OSN_LENGTH, len),
                Arrays.copyOfRange(repaired, header, back), "the payload behind the OSN is the original payload");
        assertEquals(0x90, repaired[header] & 0xFF, "VP8 payload descriptor (RFC 7741 §4.2): X and S set");

        // Wrapped again with Chromium's RTX SSRC, payload type and sequence number: Chromium's bytes.
        byte[] rewrapped = Arrays.copyOf(repaired, len);
        assertEquals(len, Rtx.wrap(rewrapped, 0, back, header, ALICE_RTX, RTX_PT, 28710));
        assertArrayEquals(original, rewrapped);
    }

    @Test
    void theNackAndTheRtxNameTheSamePacketOfTheSameStream() {
        byte[] nack = load("nack-8308.bin");
        byte[] rtx = load("rtx-osn-8308.bin");
        int header = RtpPacket.headerLength(rtx, 0, rtx.length);
        assertEquals(ALICE_VIDEO, RtcpPacket.mediaSsrc(nack, 0));
        assertEquals(List.of(Bytes.u16(rtx, header)), lost(nack), "the NACKed sequence number is the OSN");
    }

    @Test
    void aPaddingOnlyRtxProbeHasNothingToRepair() {
        byte[] b = load("rtx-padding-probe.bin");
        int len = b.length;
        // b0 61 7006 | 00000000 | 9de445ff | bede 0002 | 31 0002 22 e0c3d8 00 | 255 bytes of padding, the last ff.
        assertEquals(279, len);
        assertEquals(RTX_PT, RtpPacket.payloadType(b, 0));
        assertEquals(ALICE_RTX, RtpPacket.ssrc(b, 0));
        assertEquals(28678, RtpPacket.sequence(b, 0));
        assertEquals(0, RtpPacket.timestamp(b, 0));
        int header = RtpPacket.headerLength(b, 0, len);
        assertEquals(24, header);
        assertEquals(2, TransportSequenceNumber.read(b, 0, len, TRANSPORT_SEQUENCE_ID));
        assertEquals(0xE0C3D8, AbsSendTime.read(b, 0, len, ABS_SEND_TIME_ID));
        assertEquals(0, Rtx.payloadLength(b, 0, len, header), "RFC 3550 §5.1: 255 bytes of padding, counted last");
        byte[] before = b.clone();
        assertEquals(-1, Rtx.unwrap(b, 0, len, header, ALICE_VIDEO, VP8_PT));
        assertArrayEquals(before, b, "left as it was");
    }

    /** Each status as "sequence:delta", NOT_RECEIVED as "sequence:-"; fails if our reader refuses the packet. */
    private static List<String> statuses(byte[] b) {
        List<String> out = new ArrayList<>();
        assertTrue(TransportFeedback.forEachStatus(b, 0, b.length,
                (seq, delta) -> out.add(seq + ":" + (delta == NOT_RECEIVED ? "-" : Integer.toString(delta)))));
        return out;
    }

    /**
     * Reads the feedback and checks it against what was read by hand, then writes the same statuses with our writer,
     * which encodes chunks as libwebrtc does: the bytes must be Chromium's.
     */
    private static void assertTransportFeedback(String file, int sender, int media, int base, int referenceTime,
                                                int feedbackCount, List<String> expected, int received,
                                                int lost, int deltaSum) {
        byte[] b = load(file);
        assertLengthFieldIsTheFile(b);
        assertEquals(List.of(RtcpPacket.RTPFB + "/" + TransportFeedback.FMT + "/" + b.length), compound(b));
        assertEquals(sender, RtcpPacket.senderSsrc(b, 0));
        assertEquals(media, RtcpPacket.mediaSsrc(b, 0));
        assertEquals(base, TransportFeedback.baseSequence(b, 0));
        assertEquals(expected.size(), TransportFeedback.statusCount(b, 0));
        assertEquals(referenceTime, TransportFeedback.referenceTime(b, 0));
        assertEquals(feedbackCount, TransportFeedback.feedbackCount(b, 0));
        assertEquals(expected, statuses(b));

        int[] deltas = new int[expected.size()];
        int[] got = {0, 0, 0, 0};
        TransportFeedback.forEachStatus(b, 0, b.length, (seq, delta) -> {
            deltas[got[0]++] = delta;
            if (delta == NOT_RECEIVED) {
                got[3]++;
            } else {
                got[1]++;
                got[2] += delta;
            }
        });
        assertEquals(received, got[1], "received");
        assertEquals(lost, got[3], "lost");
        assertEquals(deltaSum, got[2], "sum of receive deltas, 250 µs each");

        byte[] out = new byte[TransportFeedback.maxLength(deltas.length)];
        int len = TransportFeedback.write(out, 0, sender, media, base, referenceTime, feedbackCount, deltas, 0,
                deltas.length);
        assertArrayEquals(b, Arrays.copyOf(out, len));
    }

    @Test
    void transportFeedbackOfOneRunLengthChunk() {
        // 8f cd 0006 | dca72ec9 | 4b134e0b | 0000 0006 | 02835a 00 | 2006 | b0 0f 0f 01 13 3a
        // Base 0, six statuses, reference time 0x02835a = 164698 x 64 ms, feedback 0; chunk 0|01|0000000000110: a
        // run of six "received, small delta" (§3.1.3); deltas 176 + 15 + 15 + 1 + 19 + 58 = 284 (71 ms). 28 bytes,
        // no padding.
        assertTransportFeedback("tcc-run-length.bin", ALICE_VIDEO, BOB_AUDIO, 0, 164698, 0,
                List.of("0:176", "1:15", "2:15", "3:1", "4:19", "5:58"), 6, 0, 284);
    }

    @Test
    void transportFeedbackOfOneBitStatusVectorWithLosses() {
        // 8f cd 0006 | 2b87f11c | 20c73157 | 009f 000b | 0284f8 2e | 8378 | 1f 05 6f 13 07 0c
        // Base 159, 11 statuses, reference 0x0284f8 = 165112, feedback 46; chunk 1|0|00001101111000 (§3.1.4, one-bit
        // symbols, 1 = received): 159-162 lost, 163 164 received, 165 lost, 166-169 received (the last three bits
        // beyond the count); deltas 31 + 5 + 111 + 19 + 7 + 12 = 185.
        assertTransportFeedback("tcc-one-bit-vector-losses.bin", 0x2B87F11C, 0x20C73157, 159, 165112, 46,
                List.of("159:-", "160:-", "161:-", "162:-", "163:31", "164:5", "165:-", "166:111", "167:19",
                        "168:7", "169:12"), 6, 5, 185);
    }

    @Test
    void transportFeedbackOfAStatusVectorThenARunLengthChunkPadded() {
        // af cd 0007 | 2befe5ae | 060224de | 064e 0012 | 029038 4a | 8001 2004 | 0a 5c 35 05 07 | 00 00 03
        // Base 1614, 18 statuses, reference 0x029038 = 167992, feedback 74; chunk 1|0|00000000000001: 1614-1626
        // lost, 1627 received; chunk 0|01|0000000000100: 1628-1631 received; deltas 10 + 92 + 53 + 5 + 7 = 167;
        // P set, three bytes of padding, the last counting them (RFC 3550 §6.4.1).
        byte[] b = load("tcc-vector-then-run.bin");
        assertEquals(0x20, b[0] & 0x20, "P");
        assertEquals(3, b[b.length - 1]);
        List<String> expected = new ArrayList<>();
        for (int seq = 1614; seq <= 1626; seq++) {
            expected.add(seq + ":-");
        }
        expected.addAll(List.of("1627:10", "1628:92", "1629:53", "1630:5", "1631:7"));
        assertTransportFeedback("tcc-vector-then-run.bin", 0x2BEFE5AE, 0x060224DE, 1614, 167992, 74, expected, 5,
                13, 167);
    }

    @Test
    void rembInAFullCompoundAfterSenderReportAndSdes() {
        byte[] b = load("remb-compound.bin");
        assertEquals(84, b.length);
        // 80 c8 0006 (SR, no report block, 28 bytes) | 81 ca 0006 (SDES, one chunk, 28 bytes) | 8f ce 0006 (PSFB
        // FMT 15, 28 bytes). Not reduced-size: the REMB rides in a regular compound, as RFC 4585 §3.1 has it.
        assertEquals(List.of(RtcpPacket.SR + "/0/28", RtcpPacket.SDES + "/1/28", RtcpPacket.PSFB + "/15/28"),
                compound(b));
        int subscriber = 0xA419DA85;
        assertEquals(subscriber, RtcpPacket.senderSsrc(b, 0));
        assertEquals(subscriber, Bytes.i32(b, 28 + 4), "the SDES chunk's SSRC");
        assertEquals("bsFAGsvpl1S6zDvF", new String(b, 28 + 10, b[28 + 9], java.nio.charset.StandardCharsets.US_ASCII),
                "CNAME (item 1) of 16 bytes");

        int at = 56;
        // 8f ce 0006 | a419da85 | 00000000 | 52454d42 | 02 0286d8 | 1d170b76 | 2c0daf01
        // "REMB", two SSRCs, exponent 0x0286d8 >> 18 = 0, mantissa 0x0286d8 = 165592: 165592 bit/s
        // (draft-alvestrand-rmcat-remb-03 §2.2) for the publisher's VP8 stream 0x2c0daf01 and its RTX 0x1d170b76.
        assertTrue(Remb.is(b, at, 28));
        assertEquals(subscriber, RtcpPacket.senderSsrc(b, at));
        assertEquals(0, RtcpPacket.mediaSsrc(b, at));
        assertEquals(165_592, Remb.bitrate(b, at));
        assertEquals(2, Remb.ssrcCount(b, at));
        assertEquals(0x1D170B76, Remb.ssrc(b, at, 0));
        assertEquals(0x2C0DAF01, Remb.ssrc(b, at, 1));

        byte[] out = new byte[28];
        assertEquals(28, Remb.write(out, 0, subscriber, 165_592, new int[] {0x1D170B76, 0x2C0DAF01}, 2));
        assertArrayEquals(Arrays.copyOfRange(b, at, b.length), out);
    }
}
