package io.meridian.loadgen;

import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.TransportSequenceNumber;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a synthetic publisher sends and when, on a simulated 1 ms pacer clock. */
class OutgoingMediaTest {
    private static final MediaProfile MEDIA = MediaProfile.defaults(500);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long START = 1_000_000_000L;

    @Test
    void audioEveryTwentyMillisecondsAtEachPublishersOwnPhase() {
        Recorder a = run(1, 200);
        Recorder b = run(3, 200);
        List<Long> audioA = a.audioTimes();
        List<Long> audioB = b.audioTimes();
        assertEquals(10, audioA.size());
        for (int i = 1; i < audioA.size(); i++) {
            assertEquals(20 * MS, audioA.get(i) - audioA.get(i - 1), 1 * MS);
        }
        assertNotEquals(audioA.get(0) % (20 * MS), audioB.get(0) % (20 * MS),
                "two publishers must not start their frames in the same millisecond");
    }

    @Test
    void keyFrameIsPacedAtTwoAndAHalfTimesTheVideoBitrate() {
        Recorder r = run(1, 400);
        List<Sent> key = r.video().stream().filter(Sent::key).toList();
        assertEquals(MEDIA.keyframePackets(), key.size());
        double bytesPerNano = MEDIA.videoKbps() * 1000.0 / 8 * OutgoingMedia.PACING_FACTOR / 1e9;
        long span = key.get(key.size() - 1).nanos() - key.get(0).nanos();
        long minimumSpan = (long) ((key.size() - 1) * MEDIA.videoPacketBytes() / bytesPerNano) - 6 * MS;
        assertTrue(span >= minimumSpan, "key frame sent over " + span / MS + " ms, expected >= " + minimumSpan / MS);
        // No window carries more than the pacing rate allows, plus one packet of debt and 5 ms of build-up.
        List<Sent> video = r.video();
        for (int i = 0; i < video.size(); i++) {
            for (int j = i; j < video.size(); j++) {
                long window = video.get(j).nanos() - video.get(i).nanos();
                double bytes = (j - i + 1) * (double) MEDIA.videoPacketBytes();
                assertTrue(bytes <= bytesPerNano * (window + 5 * MS) + 2 * MEDIA.videoPacketBytes(),
                        (j - i + 1) + " packets in " + window / MS + " ms");
            }
        }
    }

    @Test
    void framesKeepTheirTimestampAndEndWithTheMarker() {
        Recorder r = run(1, 1000);
        List<Sent> video = r.video();
        assertTrue(video.size() > MEDIA.keyframePackets() + 10, "video packets: " + video.size());
        for (int i = 0; i < video.size(); i++) {
            Sent p = video.get(i);
            boolean lastOfFrame = i == video.size() - 1 || video.get(i + 1).timestamp() != p.timestamp();
            if (i < video.size() - 1) {
                assertEquals(lastOfFrame, p.marker(), "marker of packet " + i);
                assertTrue(video.get(i + 1).timestamp() - p.timestamp() >= 0, "timestamps never go back");
            }
            if (i > 0) {
                assertEquals((video.get(i - 1).sequence() + 1) & 0xFFFF, p.sequence(), "sequence numbers are dense");
            }
        }
        assertEquals(1, video.stream().filter(p -> p.key() && p.marker()).count(), "one key frame in a second");
    }

    @Test
    void aKeyFrameRequestMakesTheNextFrameAKeyFrame() {
        Recorder r = new Recorder();
        OutgoingMedia media = new OutgoingMedia(1, PeerIdentity.random("t"), false);
        long now = START;
        for (; now < START + 500 * MS; now += MS) {
            r.now = now;
            media.tick(r, MEDIA, now);
        }
        assertEquals(MEDIA.keyframePackets(), r.video().stream().filter(Sent::key).count(), "only the first frame");
        r.keyframeRequested = true;
        for (; now < START + 1000 * MS; now += MS) {
            r.now = now;
            media.tick(r, MEDIA, now);
        }
        assertFalse(r.keyframeRequested);
        assertEquals(2L * MEDIA.keyframePackets(), r.video().stream().filter(Sent::key).count());
    }

    @Test
    void withTransportCcEveryPacketCarriesTheNextTransportWideNumberAndKeepsItsSize() {
        Recorder plain = run(1, 1000, false);
        Recorder numbered = run(1, 1000, true);
        assertEquals(plain.sent.size(), numbered.sent.size());
        for (int i = 0; i < numbered.sent.size(); i++) {
            Sent p = numbered.sent.get(i);
            assertEquals(i, p.transportSequence(), "one counter over audio and video, in sending order");
            assertEquals(plain.sent.get(i).length(), p.length(), "the same datagram size");
            assertEquals(plain.sent.get(i).key(), p.key(), "the payload descriptor after the extension");
            assertEquals(-1, plain.sent.get(i).transportSequence());
        }
    }

    private static Recorder run(int streamId, int millis) {
        return run(streamId, millis, false);
    }

    private static Recorder run(int streamId, int millis, boolean transportCc) {
        Recorder r = new Recorder();
        OutgoingMedia media = new OutgoingMedia(streamId, PeerIdentity.random("t"), transportCc);
        media.keyframeNow();
        for (long now = START; now < START + millis * MS; now += MS) {
            r.now = now;
            media.tick(r, MEDIA, now);
        }
        return r;
    }

    private record Sent(long nanos, int payloadType, int sequence, int timestamp, boolean marker, boolean key,
                        int length, int transportSequence) {
    }

    private static final class Recorder extends KeyframeRequestingSender {
        final List<Sent> sent = new ArrayList<>();
        long now;

        @Override
        public boolean sendRtp(byte[] plain, int len) {
            boolean video = (plain[1] & 0x7F) == PeerSdp.VP8_PT;
            int payload = RtpPacket.headerLength(plain, 0, len);
            sent.add(new Sent(now, plain[1] & 0x7F, Bytes.u16(plain, 2), Bytes.i32(plain, 4),
                    (plain[1] & 0x80) != 0, video && (plain[payload + 1] & 0x01) == 0, len,
                    TransportSequenceNumber.read(plain, 0, len, PeerSdp.TRANSPORT_CC_ID)));
            return true;
        }

        List<Sent> video() {
            return sent.stream().filter(s -> s.payloadType() == PeerSdp.VP8_PT).toList();
        }

        List<Long> audioTimes() {
            return sent.stream().filter(s -> s.payloadType() == PeerSdp.OPUS_PT).map(Sent::nanos).toList();
        }
    }
}
