package io.meridian.router;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.testing.LeakGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The speaker stages with the node's others: audio levels (RFC 6464) from each participant's packets name the
 * dominant speaker, and a receiver's last-N pauses the video of those who did not speak last, at the node.
 */
@ExtendWith(LeakGuard.class)
class SpeakerForwardingTest {
    static final int LEVEL_ID = 1;
    private final RouterHarness h = new RouterHarness();
    private final RouterHarness.Peer ann = peer("ann");
    private final RouterHarness.Peer ben = peer("ben");
    private final RouterHarness.Peer cat = peer("cat");
    private int seq;

    private RouterHarness.Peer peer(String id) {
        return h.peer(id, new Negotiated(EnumSet.allOf(Feature.class), RouterHarness.TRANSPORT_SEQUENCE_ID,
                RouterHarness.ABS_SEND_TIME_ID, LEVEL_ID));
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static int audioSsrc(RouterHarness.Peer p) {
        return p.leg.participantId().hashCode() | 1;
    }

    private static int videoSsrc(RouterHarness.Peer p) {
        return p.leg.participantId().hashCode() & ~1;
    }

    private void publishAll() {
        for (RouterHarness.Peer p : List.of(ann, ben, cat)) {
            assertTrue(h.conference.publish(p.leg, new PublishedTrackSpec("a", TrackKind.AUDIO, audioSsrc(p), 0)));
            assertTrue(h.conference.publish(p.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, videoSsrc(p), 0)));
        }
        for (RouterHarness.Peer r : List.of(ann, ben, cat)) {
            for (RouterHarness.Peer p : List.of(ann, ben, cat)) {
                if (p != r) {
                    h.conference.subscribe(r.leg, audioSsrc(p), TrackMaps.identity());
                    h.conference.subscribe(r.leg, videoSsrc(p), TrackMaps.identity());
                }
            }
        }
    }

    private byte[] audio(RouterHarness.Peer p, int level) {
        byte[] b = new byte[60];
        b[0] = (byte) 0x90;
        b[1] = 111;
        Bytes.put16(b, 2, seq);
        Bytes.put32(b, 4, seq * 960);
        Bytes.put32(b, 8, audioSsrc(p));
        Bytes.put16(b, 12, 0xBEDE);
        Bytes.put16(b, 14, 1);
        b[16] = (byte) (LEVEL_ID << 4);
        b[17] = (byte) (0x80 | level);
        return b;
    }

    /**
     * {@code speaker} talks for {@code packets} 20 ms packets, with the short pauses of speech at the room's
     * background (about -93 dBov: the detector weighs speech against each speaker's own noise floor, which only a
     * non-silent level tells), the others are muted (127, silence).
     */
    private void speak(RouterHarness.Peer speaker, int packets) {
        for (int n = 1; n <= packets; n++) {
            seq++;
            for (RouterHarness.Peer p : List.of(ann, ben, cat)) {
                int level = n % 9 == 0 || n % 13 == 0 ? 93 : 20 + (n * 7) % 20;
                p.sendRtpBytes(audio(p, p == speaker ? level : 127));
            }
            h.now += 20_000_000L;
            if (n % 5 == 0) {
                h.conference.tick();
            }
        }
    }

    @Test
    void theSpeakerBecomesDominantAndLastNShowsOnlyHisVideo() {
        publishAll();
        h.conference.lastN(cat.leg, 1);
        speak(ann, 100);
        assertEquals(List.of(ann.leg), h.events.dominantSpeakers, "ann, within two seconds of her speech");
        int before = cat.rtp().size();
        ann.sendRtp(videoSsrc(ann), 1, 96, 100);
        ben.sendRtp(videoSsrc(ben), 1, 96, 100);
        List<Integer> got = cat.rtp().subList(before, cat.rtp().size()).stream()
                .map(p -> RtpPacket.ssrc(p, 0)).toList();
        assertEquals(List.of(videoSsrc(ann)), got, "cat's one video is the dominant speaker's");

        speak(ben, 100);
        assertEquals(List.of(ann.leg, ben.leg), h.events.dominantSpeakers, "then ben");
        before = cat.rtp().size();
        ann.sendRtp(videoSsrc(ann), 2, 96, 100);
        ben.sendRtp(videoSsrc(ben), 2, 96, 100);
        got = cat.rtp().subList(before, cat.rtp().size()).stream().map(p -> RtpPacket.ssrc(p, 0)).toList();
        assertEquals(List.of(videoSsrc(ben)), got, "cat's video follows the speaker");
    }
}
