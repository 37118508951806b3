package io.meridian.loadgen;

import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.client.RtpSender;
import io.meridian.rtp.RtpPacket;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one publishing participant sends, whatever the server, timed as a browser times it:
 * <ul>
 *   <li>Frames (one Opus-sized audio packet, and the video packets for {@link MediaProfile#FRAME_MILLIS} ms at the
 *       profile's bitrate, a key frame every interval and whenever the server asks with PLI/FIR) start at this
 *       publisher's own phase: independent clients' capture clocks are not aligned, so publishers must not all send
 *       in the same instant.</li>
 *   <li>Audio leaves at once; video goes through a pacer at {@link #PACING_FACTOR} times the video bitrate, as
 *       libwebrtc's paced sender does, so a key frame is spread over tens of milliseconds instead of bursting.</li>
 * </ul>
 * Pacer thread only.
 */
final class OutgoingMedia {
    /** libwebrtc's default pacing multiplier over the target bitrate. */
    static final double PACING_FACTOR = 2.5;
    /** Budget that may build up while the queue is empty: one pacer interval (libwebrtc: 5 ms). */
    private static final long MAX_BUILD_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** A generator stalled this long resynchronises its frame clock instead of sending the missed frames at once. */
    private static final long MAX_CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(5 * MediaProfile.FRAME_MILLIS);
    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(MediaProfile.FRAME_MILLIS);
    /** VP8 payload descriptor (RFC 7741 §4.2, S=1, PID 0) + first payload header byte (P=0: key frame). */
    private static final byte[] VP8_KEY = {0x10, 0x00};
    private static final byte[] VP8_DELTA = {0x10, 0x01};
    private static final byte[] NO_PREFIX = {};

    private final PublishedStream audio;
    private final PublishedStream video;
    /** Offset of this publisher's frames within the frame interval, spread evenly by stream id (golden ratio). */
    private final long phaseNanos;
    private final PacketQueue queue = new PacketQueue();
    private double videoCredit;
    private long nextFrameNanos;
    private long nextKeyframeNanos;
    /** Set from the joining thread once the transport is connected. */
    private volatile boolean keyframeDue;
    private double budgetBytes;
    private long lastPaceNanos;
    private boolean started;
    private long sendFailures;

    /** @param transportCc whether the packets carry a transport-wide sequence number (as the offer negotiated) */
    OutgoingMedia(int firstStreamId, PeerIdentity identity, boolean transportCc) {
        TransportSequence sequence = transportCc ? new TransportSequence() : null;
        this.audio = new PublishedStream(firstStreamId, identity.audioSsrc(), PeerSdp.OPUS_PT, sequence);
        this.video = new PublishedStream(firstStreamId + 1, identity.videoSsrc(), PeerSdp.VP8_PT, sequence);
        double golden = (firstStreamId * 0.6180339887498949) % 1.0;
        this.phaseNanos = (long) (golden * FRAME_NANOS);
    }

    /** The next frame is a key frame (call once the transport is connected). */
    void keyframeNow() {
        keyframeDue = true;
    }

    /** Starts the frames that are due and sends the video the pacing budget allows. */
    void tick(RtpSender transport, MediaProfile media, long nowNanos) {
        if (!started) {
            started = true;
            nextFrameNanos = nowNanos + phaseNanos;
            nextKeyframeNanos = nextFrameNanos;
            lastPaceNanos = nowNanos;
        }
        if (nowNanos - nextFrameNanos > MAX_CATCH_UP_NANOS) {
            nextFrameNanos = nowNanos;
        }
        while (nowNanos - nextFrameNanos >= 0) {
            frame(transport, media, nextFrameNanos);
            nextFrameNanos += FRAME_NANOS;
        }
        pace(transport, media, nowNanos);
    }

    /** Sends the frame's audio and queues its video packets (RTP timestamp of the frame, marker on the last). */
    private void frame(RtpSender transport, MediaProfile media, long frameNanos) {
        count(audio.send(transport, media.audioPayloadBytes(), NO_PREFIX, false, audio.clock()));
        audio.advanceClock(960); // 20 ms at 48 kHz
        int packets;
        boolean key = transport.takeKeyframeRequest() || keyframeDue || frameNanos - nextKeyframeNanos >= 0;
        if (key) {
            keyframeDue = false;
            nextKeyframeNanos = frameNanos + TimeUnit.MILLISECONDS.toNanos(media.keyframeIntervalMillis());
            packets = media.keyframePackets();
        } else {
            videoCredit += media.videoBytesPerFrame();
            packets = (int) (videoCredit / media.videoPacketBytes());
            videoCredit -= packets * (double) media.videoPacketBytes();
        }
        for (int i = 0; i < packets; i++) {
            if (!queue.add(video.clock(), key, i == packets - 1)) {
                sendFailures++; // the pacer is hopelessly behind: count it rather than grow without bound
            }
        }
        video.advanceClock(1800); // 20 ms at 90 kHz
    }

    /** Spends the budget earned since the last call (may go into debt by one packet, as libwebrtc's does). */
    private void pace(RtpSender transport, MediaProfile media, long nowNanos) {
        double bytesPerNano = media.videoKbps() * 1000.0 / 8 * PACING_FACTOR / 1e9;
        budgetBytes = Math.min(budgetBytes + bytesPerNano * (nowNanos - lastPaceNanos),
                bytesPerNano * MAX_BUILD_UP_NANOS);
        lastPaceNanos = nowNanos;
        int payload = media.videoPacketBytes() - RtpPacket.FIXED_HEADER;
        while (budgetBytes > 0 && !queue.isEmpty()) {
            long head = queue.poll();
            count(video.send(transport, payload, PacketQueue.key(head) ? VP8_KEY : VP8_DELTA,
                    PacketQueue.marker(head), PacketQueue.timestamp(head)));
            budgetBytes -= media.videoPacketBytes();
        }
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

    /** Video packets waiting for the pacer: RTP timestamp and flags packed in a long, in a fixed ring. */
    private static final class PacketQueue {
        private final long[] ring = new long[1024];
        private int head;
        private int size;

        boolean add(int rtpTimestamp, boolean key, boolean marker) {
            if (size == ring.length) {
                return false;
            }
            ring[(head + size++) % ring.length] = ((rtpTimestamp & 0xFFFFFFFFL) << 2) | (key ? 2 : 0) | (marker ? 1 : 0);
            return true;
        }

        boolean isEmpty() {
            return size == 0;
        }

        long poll() {
            long v = ring[head];
            head = (head + 1) % ring.length;
            size--;
            return v;
        }

        static int timestamp(long packed) {
            return (int) (packed >>> 2);
        }

        static boolean key(long packed) {
            return (packed & 2) != 0;
        }

        static boolean marker(long packed) {
            return (packed & 1) != 0;
        }
    }
}
