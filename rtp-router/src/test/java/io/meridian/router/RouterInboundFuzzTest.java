package io.meridian.router;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meridian.router.registry.DefaultStages;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.testing.FuzzFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target: the router's whole inbound path (InboundPipeline: SRTP, then the receive stages and fan-out for RTP,
 * the compound walk and feedback stages for RTCP: SR, RR, SDES, BYE, NACK, PLI, FIR, REMB, transport-cc) in a
 * conference where Alice publishes audio and video (VP8, VP9 and AV1 with RTX, every extension negotiated) and Bob
 * receives both. Each input is a sequence of frames (see {@link FuzzFrames}): a control byte (bit 0: from Bob, else
 * from Alice; bit 1: RTCP, else RTP; bits 2-3: how long passes after it, with the conference's periodic work) and a
 * plain packet, which the sender's browser encrypts (what it cannot encrypt goes in as it is). Whatever they send,
 * nothing throws, everything the router emits is SRTP its receiver decrypts and parses, Alice gets no media and Bob
 * none but the streams he subscribed to, and once the conference ends every buffer it took is released.
 */
class RouterInboundFuzzTest {
    static final int AUDIO = 0x0A0A0A01;
    static final int VIDEO = 0x0B0B0B01;
    static final int VIDEO_RTX = 0x0B0B0B02;
    static final int AUDIO_LEVEL_ID = 1;
    static final int DEPENDENCY_DESCRIPTOR_ID = 13;
    private static final long[] STEPS_NANOS = {0, 20_000_000L, 100_000_000L, 1_000_000_000L};

    @FuzzTest
    void packets(byte[] data) {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        try (RouterHarness h = new RouterHarness(alloc, DefaultStages.registry())) {
            RouterHarness.Peer alice = h.peer("alice", new Negotiated(EnumSet.allOf(Feature.class),
                    RouterHarness.TRANSPORT_SEQUENCE_ID, RouterHarness.ABS_SEND_TIME_ID, AUDIO_LEVEL_ID,
                    DEPENDENCY_DESCRIPTOR_ID));
            RouterHarness.Peer bob = h.peer("bob");
            publish(h, alice, bob);
            for (byte[] frame : FuzzFrames.split(data)) {
                if (frame.length == 0) {
                    continue;
                }
                int control = frame[0];
                RouterHarness.Peer from = (control & 1) != 0 ? bob : alice;
                deliver(from, Arrays.copyOfRange(frame, 1, frame.length), (control & 2) != 0, alloc);
                h.now += STEPS_NANOS[(control >> 2) & 3];
                h.conference.tick();
            }
            assertEquals(0, alice.rtp().size(), "Alice subscribed to nothing but got media");
            for (byte[] packet : bob.rtp()) {
                int ssrc = RtpPacket.ssrc(packet, 0);
                assertTrue(ssrc == AUDIO || ssrc == VIDEO || ssrc == VIDEO_RTX, "Bob got a stream he did not "
                        + "subscribe to: " + Integer.toHexString(ssrc));
            }
            for (RouterHarness.Peer peer : new RouterHarness.Peer[] {alice, bob}) {
                assertEmittedParse(peer);
            }
        }
        assertEquals(0, alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory(),
                "bytes of buffers the conference did not release once it ended");
    }

    /** Alice's audio (with the audio level) and her video in VP8, VP9 and AV1 with RTX; Bob receives both. */
    private static void publish(RouterHarness h, RouterHarness.Peer alice, RouterHarness.Peer bob) {
        assertTrue(h.conference.publish(alice.leg, new PublishedTrackSpec("mic", TrackKind.AUDIO, AUDIO, 0)));
        Map<Integer, VideoCodec> codecs = Map.of(96, VideoCodec.VP8, 98, VideoCodec.VP9, 45, VideoCodec.AV1);
        assertTrue(h.conference.publish(alice.leg, new PublishedTrackSpec("cam", TrackKind.VIDEO, VIDEO, VIDEO_RTX,
                RtxPayloadTypes.of(new int[][] {{96, 97}, {98, 99}, {45, 46}}), null,
                PublishedTrackSpec.codecTable(codecs))));
        for (int ssrc : new int[] {AUDIO, VIDEO}) {
            assertTrue(h.conference.subscribe(bob.leg, ssrc, TrackMaps.identity()));
        }
    }

    /** Encrypts {@code plain} as the sender's browser would and hands it to the router; garbage goes in as is. */
    private static void deliver(RouterHarness.Peer from, byte[] plain, boolean rtcp, UnpooledByteBufAllocator alloc) {
        byte[] b = Arrays.copyOf(plain, plain.length + 32);
        int n = rtcp ? from.browser.protectRtcp(b, 0, plain.length) : from.browser.protectRtp(b, 0, plain.length);
        ByteBuf buf = alloc.heapBuffer(b.length);
        buf.writeBytes(b, 0, n >= 0 ? n : plain.length);
        from.deliver(buf);
    }

    /** What the router sent {@code peer} (decrypted by the harness, which fails on what does not decrypt) parses. */
    private static void assertEmittedParse(RouterHarness.Peer peer) {
        for (byte[] p : peer.received) {
            int pt = p[1] & 0xFF;
            if (pt >= 192 && pt <= 223) {
                for (int at = 0; at < p.length; ) {
                    int length = RtcpPacket.validate(p, at, p.length);
                    assertTrue(length > 0, "the router sent a malformed RTCP compound");
                    at += length;
                }
            } else {
                assertTrue(RtpPacket.headerLength(p, 0, p.length) >= 0, "the router sent a malformed RTP packet");
            }
        }
    }
}
