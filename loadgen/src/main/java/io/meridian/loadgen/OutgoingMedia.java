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
 *   <li>Video is one stream or, for a simulcast publisher, three layers ({@link SimulcastProfile}) whose frames
 *       start together and share the pacer, key frames in all of them at once.</li>
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
    private static final byte[] NO_PREFIX = {};

    private final PublishedStream audio;
    /** One plain stream, or the simulcast layers lowest first. */
    private final VideoLayer[] video;
    /** Offset of this publisher's frames within the frame interval, spread evenly by stream id (golden ratio). */
    private final long phaseNanos;
    private final PacketQueue queue = new PacketQueue();
    /** All video streams' bitrate together, as a multiple of the profile's. */
    private final double videoShare;
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
        this(firstStreamId, identity, transportCc, false);
    }

    /**
     * @param simulcast whether the video is {@link SimulcastProfile}'s three layers, each on an SSRC of its own (the
     *                  identity's video SSRC plus the layer) that its first packets name by mid and rid
     */
    OutgoingMedia(int firstStreamId, PeerIdentity identity, boolean transportCc, boolean simulcast) {
        TransportSequence sequence = transportCc ? new TransportSequence() : null;
        this.audio = new PublishedStream(firstStreamId, identity.audioSsrc(), PeerSdp.OPUS_PT, sequence);
        int videoId = firstStreamId + 1;
        if (simulcast) {
            video = new VideoLayer[SimulcastProfile.layers()];
            for (int layer = 0; layer < video.length; layer++) {
                video[layer] = VideoLayer.simulcast(new PublishedStream(PublishedStream.layerStreamId(videoId, layer),
                        (identity.videoSsrc() + layer) & 0x7FFF_FFFFL, PeerSdp.VP8_PT, sequence,
                        SimulcastProfile.sdesElements(layer), SimulcastProfile.SDES_PACKETS),
                        SimulcastProfile.SHARES[layer], SimulcastProfile.HEIGHTS[layer]);
            }
        } else {
            video = new VideoLayer[] {VideoLayer.plain(
                    new PublishedStream(videoId, identity.videoSsrc(), PeerSdp.VP8_PT, sequence))};
        }
        double share = 0;
        for (VideoLayer v : video) {
            share += v.share;
        }
        this.videoShare = share;
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

    /**
     * Sends the frame's audio and queues each video stream's packets (the stream's RTP timestamp of the frame,
     * marker on the last); a key frame is one in every stream.
     */
    private void frame(RtpSender transport, MediaProfile media, long frameNanos) {
        count(audio.send(transport, media.audioPayloadBytes(), NO_PREFIX, 0, false, audio.clock()));
        audio.advanceClock(960); // 20 ms at 48 kHz
        boolean key = transport.takeKeyframeRequest() || keyframeDue || frameNanos - nextKeyframeNanos >= 0;
        if (key) {
            keyframeDue = false;
            nextKeyframeNanos = frameNanos + TimeUnit.MILLISECONDS.toNanos(media.keyframeIntervalMillis());
        }
        for (int layer = 0; layer < video.length; layer++) {
            VideoLayer v = video[layer];
            int packets = v.packets(key, media);
            int picture = packets == 0 ? 0 : v.nextPicture();
            for (int i = 0; i < packets; i++) {
                if (!queue.add(v.stream.clock(), picture, layer, i == 0, key, i == packets - 1)) {
                    sendFailures++; // the pacer is hopelessly behind: count it rather than grow without bound
                }
            }
            v.stream.advanceClock(1800); // 20 ms at 90 kHz
        }
    }

    /**
     * Spends the budget earned since the last call at {@link #PACING_FACTOR} times the bitrate of all the video
     * streams together, as libwebrtc paces all of a sender's layers (may go into debt by one packet, as its does).
     */
    private void pace(RtpSender transport, MediaProfile media, long nowNanos) {
        double bytesPerNano = media.videoKbps() * videoShare * 1000.0 / 8 * PACING_FACTOR / 1e9;
        budgetBytes = Math.min(budgetBytes + bytesPerNano * (nowNanos - lastPaceNanos),
                bytesPerNano * MAX_BUILD_UP_NANOS);
        lastPaceNanos = nowNanos;
        int payload = media.videoPacketBytes() - RtpPacket.FIXED_HEADER;
        while (budgetBytes > 0 && !queue.isEmpty()) {
            long head = queue.poll();
            VideoLayer v = video[PacketQueue.layer(head)];
            int prefix = v.writePrefix(PacketQueue.key(head), PacketQueue.start(head), PacketQueue.picture(head));
            count(v.stream.send(transport, payload, v.prefix(), prefix, PacketQueue.marker(head),
                    PacketQueue.timestamp(head)));
            budgetBytes -= media.videoPacketBytes();
        }
    }

    private void count(boolean sent) {
        if (!sent) {
            sendFailures++;
        }
    }

    /** Audio then video (a simulcast track's layers, lowest first). */
    List<PublishedStream> streams() {
        List<PublishedStream> out = new java.util.ArrayList<>(List.of(audio));
        for (VideoLayer v : video) {
            out.add(v.stream);
        }
        return List.copyOf(out);
    }

    long sendFailures() {
        return sendFailures;
    }

    /**
     * Video packets waiting for the pacer, each packed in a long in a fixed ring: RTP timestamp (bits 32-63), VP8
     * PictureID (8-22), stream (3-4), and the frame's first packet, key frame and marker flags (2, 1, 0).
     */
    private static final class PacketQueue {
        private final long[] ring = new long[1024];
        private int head;
        private int size;

        boolean add(int rtpTimestamp, int picture, int layer, boolean start, boolean key, boolean marker) {
            if (size == ring.length) {
                return false;
            }
            ring[(head + size++) % ring.length] = ((long) rtpTimestamp << 32) | ((long) picture << 8) | (layer << 3)
                    | (start ? 4 : 0) | (key ? 2 : 0) | (marker ? 1 : 0);
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
            return (int) (packed >>> 32);
        }

        static int picture(long packed) {
            return (int) (packed >>> 8) & 0x7FFF;
        }

        static int layer(long packed) {
            return (int) (packed >>> 3) & 3;
        }

        static boolean start(long packed) {
            return (packed & 4) != 0;
        }

        static boolean key(long packed) {
            return (packed & 2) != 0;
        }

        static boolean marker(long packed) {
            return (packed & 1) != 0;
        }
    }
}
