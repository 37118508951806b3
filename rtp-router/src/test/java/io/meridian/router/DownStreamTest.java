package io.meridian.router;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.testing.LeakGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A receiver's stream of a source owns its rewrite state, whichever source is behind it. */
@ExtendWith(LeakGuard.class)
class DownStreamTest {
    private static final int ALICE_VIDEO = 0x0A0A0A0A;
    private static final int CAROL_VIDEO = 0x0C0C0C0C;

    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void closeHarness() {
        h.close();
    }
    private final RouterHarness.Peer alice = h.peer("alice");
    private final RouterHarness.Peer bob = h.peer("bob");
    private final RouterHarness.Peer carol = h.peer("carol");

    @Test
    void keepsSsrcPayloadTypeAndContinuousNumberingAcrossASourceSwitch() {
        h.conference.publish(alice.leg, new PublishedTrackSpec("a", TrackKind.VIDEO, ALICE_VIDEO, 0));
        h.conference.publish(carol.leg, new PublishedTrackSpec("c", TrackKind.VIDEO, CAROL_VIDEO, 0));
        TrackMaps maps = TrackMaps.identity();
        maps.payloadTypes()[96] = 120;
        assertTrue(h.conference.subscribe(bob.leg, ALICE_VIDEO, maps));
        alice.sendRtp(ALICE_VIDEO, 65534, 96, 30);
        alice.sendRtp(ALICE_VIDEO, 65535, 96, 30);

        h.now += KeyframeRequester.MIN_INTERVAL_NANOS;
        int carolPlis = carol.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size();
        assertTrue(h.conference.switchSource(bob.leg, ALICE_VIDEO, CAROL_VIDEO));
        assertEquals(carolPlis + 1, carol.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size(),
                "the new source is asked for a key frame so the receiver can decode it at once");
        alice.sendRtp(ALICE_VIDEO, 0, 96, 30);
        carol.sendRtp(CAROL_VIDEO, 7000, 96, 30);
        carol.sendRtp(CAROL_VIDEO, 7001, 96, 30);

        List<byte[]> got = bob.rtp();
        assertEquals(4, got.size(), "nothing of the old source after the switch");
        long lastAliceTs = RtpPacket.timestamp(got.get(1), 0);
        for (int i = 0; i < got.size(); i++) {
            assertEquals(ALICE_VIDEO, RtpPacket.ssrc(got.get(i), 0), "one SSRC for the receiver");
            assertEquals(120, RtpPacket.payloadType(got.get(i), 0), "the receiver's payload type");
            assertEquals((65534 + i) & 0xFFFF, RtpPacket.sequence(got.get(i), 0), "no gap, no jump");
        }
        long firstCarolTs = RtpPacket.timestamp(got.get(2), 0);
        long secondCarolTs = RtpPacket.timestamp(got.get(3), 0);
        assertTrue(((firstCarolTs - lastAliceTs) & 0xFFFF_FFFFL) > 0
                && ((firstCarolTs - lastAliceTs) & 0xFFFF_FFFFL) < 0x8000_0000L, "time moves forward");
        assertEquals(960, (secondCarolTs - firstCarolTs) & 0xFFFF_FFFFL, "the new source's own spacing is kept");
    }

    @Test
    void senderReportsFollowTheReceiversTimeline() {
        h.conference.publish(alice.leg, new PublishedTrackSpec("a", TrackKind.VIDEO, ALICE_VIDEO, 0));
        h.conference.publish(carol.leg, new PublishedTrackSpec("c", TrackKind.VIDEO, CAROL_VIDEO, 0));
        h.conference.subscribe(bob.leg, ALICE_VIDEO, TrackMaps.identity());
        alice.sendRtp(ALICE_VIDEO, 10, 96, 30);
        h.conference.switchSource(bob.leg, ALICE_VIDEO, CAROL_VIDEO);
        carol.sendRtp(CAROL_VIDEO, 500, 96, 30);
        long carolTs = 500 * 960;
        long bobTs = RtpPacket.timestamp(bob.rtp().get(1), 0);

        byte[] sr = new byte[28];
        sr[0] = (byte) 0x80;
        sr[1] = (byte) RtcpPacket.SR;
        Bytes.put16(sr, 2, 6);
        Bytes.put32(sr, 4, CAROL_VIDEO);
        Bytes.put32(sr, 16, (int) carolTs);
        carol.sendRtcp(sr, 28);
        byte[] reissued = bob.rtcpOfType(RtcpPacket.SR, 0).get(0);
        assertEquals(ALICE_VIDEO, Bytes.i32(reissued, 4), "the receiver's SSRC");
        assertEquals(bobTs, Bytes.u32(reissued, 16), "the RTP time of the SR on the receiver's timeline");
    }

    @Test
    void refusesUnknownStreamsAndItsOwnMedia() {
        h.conference.publish(alice.leg, new PublishedTrackSpec("a", TrackKind.VIDEO, ALICE_VIDEO, 0));
        h.conference.publish(bob.leg, new PublishedTrackSpec("b", TrackKind.VIDEO, 0x0B0B0B0B, 0));
        h.conference.subscribe(bob.leg, ALICE_VIDEO, TrackMaps.identity());
        assertFalse(h.conference.switchSource(bob.leg, ALICE_VIDEO, 0x12345678));
        assertFalse(h.conference.switchSource(bob.leg, 0x12345678, ALICE_VIDEO));
        assertFalse(h.conference.switchSource(bob.leg, ALICE_VIDEO, 0x0B0B0B0B), "never its own media");
    }
}
