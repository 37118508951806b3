package io.meridian.router;

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

/**
 * A WHEP viewer's m-line follows the dominant speaker: another publisher's track is sent on the stream the viewer
 * knows, under its SSRC and in its payload types, its sequence numbers going on from the last packet the viewer got,
 * and the new publisher is asked for a key frame.
 */
@ExtendWith(LeakGuard.class)
class ResendTest {
    private static final int ALICE_VIDEO = 0x0B0B0B0B;
    private static final int ALICE_RTX = 0x0B0B0B0C;
    private static final int CAROL_VIDEO = 0x0C0C0C0C;
    private static final int CAROL_AUDIO = 0x0C0C0C0D;

    private final RouterHarness h = new RouterHarness();
    private final RouterHarness.Peer alice = h.peer("alice");
    private final RouterHarness.Peer bob = h.peer("bob");
    private final RouterHarness.Peer carol = h.peer("carol");

    @AfterEach
    void closeHarness() {
        h.close();
    }

    @Test
    void anotherPublishersVideoGoesOnUnderTheSsrcTheViewerKnows() {
        assertTrue(h.conference.publish(alice.leg, new PublishedTrackSpec("a", TrackKind.VIDEO, ALICE_VIDEO,
                ALICE_RTX)));
        assertTrue(h.conference.publish(carol.leg, new PublishedTrackSpec("c", TrackKind.VIDEO, CAROL_VIDEO, 0)));
        assertTrue(h.conference.publish(carol.leg, new PublishedTrackSpec("ca", TrackKind.AUDIO, CAROL_AUDIO, 0)));
        assertTrue(h.conference.subscribe(bob.leg, ALICE_VIDEO, TrackMaps.identity()));
        alice.sendRtp(ALICE_VIDEO, 500, 96, 40);
        alice.sendRtp(ALICE_VIDEO, 501, 96, 40);

        TrackMaps carolsNumbering = TrackMaps.identity();
        carolsNumbering.payloadTypes()[120] = 96; // carol's VP8 is her 120, the viewer's 96
        int plis = carol.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size();
        assertTrue(h.conference.resend(bob.leg, ALICE_VIDEO, CAROL_VIDEO, carolsNumbering));
        assertEquals(plis + 1, carol.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size(), "a key frame asked");
        assertFalse(h.conference.resend(bob.leg, ALICE_VIDEO, CAROL_AUDIO, carolsNumbering), "not audio for video");
        assertFalse(h.conference.resend(carol.leg, ALICE_VIDEO, CAROL_VIDEO, carolsNumbering), "not her own");

        alice.sendRtp(ALICE_VIDEO, 502, 96, 40);
        carol.sendRtp(CAROL_VIDEO, 9_000, 120, 40);
        carol.sendRtp(CAROL_VIDEO, 9_001, 120, 40);
        List<byte[]> got = bob.rtp();
        assertEquals(4, got.size(), "alice's two, then carol's two; not alice's after the switch");
        for (int i = 0; i < got.size(); i++) {
            assertEquals(ALICE_VIDEO, RtpPacket.ssrc(got.get(i), 0), "the one SSRC the viewer knows");
            assertEquals(96, RtpPacket.payloadType(got.get(i), 0));
        }
        assertEquals(List.of(500, 501, 502, 503), got.stream().map(p -> RtpPacket.sequence(p, 0)).toList(),
                "numbering goes on (the last of alice's ended a frame)");
        assertEquals(null, bob.leg.downStream(ALICE_RTX), "alice's RTX no longer sent to the viewer");

        // Carol leaves: nothing is sent on that stream until the next resend, which goes on from its numbering (a
        // sequence number the viewer saw before would be an SRTP replay to it).
        h.conference.unpublish(carol.leg, "c");
        assertEquals(null, bob.leg.downStream(ALICE_VIDEO));
        assertTrue(h.conference.resend(bob.leg, ALICE_VIDEO, ALICE_VIDEO, TrackMaps.identity()));
        alice.sendRtp(ALICE_VIDEO, 503, 96, 40);
        byte[] last = bob.rtp().get(bob.rtp().size() - 1);
        assertEquals(List.of(ALICE_VIDEO, 504), List.of(RtpPacket.ssrc(last, 0), RtpPacket.sequence(last, 0)));
    }
}
