package io.meridian.loadgen;

import io.meridian.rtp.RtpPacket;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one publishing participant sends, whatever the server: an Opus-sized audio packet every tick and video at
 * the profile's bitrate, with a key frame every interval and whenever the server asks (PLI/FIR). Pacer thread only.
 */
final class OutgoingMedia {
    /** VP8 payload descriptor (RFC 7741 §4.2, S=1, PID 0) + first payload header byte (P=0: key frame). */
    private static final byte[] VP8_KEY = {0x10, 0x00};
    private static final byte[] VP8_DELTA = {0x10, 0x01};
    private static final byte[] NO_PREFIX = {};

    private final PublishedStream audio;
    private final PublishedStream video;
    private double videoCredit;
    private long nextKeyframeNanos;
    private long sendFailures;

    OutgoingMedia(int firstStreamId, ParticipantIdentity identity) {
        this.audio = new PublishedStream(firstStreamId, identity.audioSsrc(), ParticipantSdp.OPUS_PT);
        this.video = new PublishedStream(firstStreamId + 1, identity.videoSsrc(), ParticipantSdp.VP8_PT);
    }

    /** The next tick starts with a key frame (call once the transport is connected). */
    void keyframeNow() {
        nextKeyframeNanos = System.nanoTime();
    }

    /** Sends this tick's audio and video on {@code transport}. */
    void tick(MediaTransport transport, MediaProfile media, long nowNanos) {
        count(audio.send(transport, media.audioPayloadBytes(), NO_PREFIX, false));
        audio.advanceClock(960); // 20 ms at 48 kHz
        int payload = media.videoPacketBytes() - RtpPacket.FIXED_HEADER;
        if (transport.takeKeyframeRequest() || nowNanos >= nextKeyframeNanos) {
            nextKeyframeNanos = nowNanos + TimeUnit.MILLISECONDS.toNanos(media.keyframeIntervalMillis());
            for (int i = 0; i < media.keyframePackets(); i++) {
                count(video.send(transport, payload, VP8_KEY, i == media.keyframePackets() - 1));
            }
        } else {
            videoCredit += media.videoBytesPerTick();
            int packets = (int) (videoCredit / media.videoPacketBytes());
            videoCredit -= packets * (double) media.videoPacketBytes();
            for (int i = 0; i < packets; i++) {
                count(video.send(transport, payload, VP8_DELTA, i == packets - 1));
            }
        }
        video.advanceClock(1800); // 20 ms at 90 kHz
    }

    private void count(boolean sent) {
        if (!sent) {
            sendFailures++;
        }
    }

    /** Audio then video. */
    List<PublishedStream> streams() {
        return List.of(audio, video);
    }

    long sendFailures() {
        return sendFailures;
    }
}
