package io.meridian.loadgen;

import io.meridian.rtp.Bytes;

/**
 * One video stream a publisher encodes: its share of the profile's bitrate, the packets of its key frames and the VP8
 * payload its packets start with. A plain stream keeps the two bytes the bench has always sent (S=1, PID 0, then the
 * first payload header byte with the key frame flag). A simulcast layer writes what the node needs to switch a
 * receiver to it: the full descriptor (RFC 7741 §4.2: X, then a 15-bit PictureID, TL0PICIDX, TID 0 and KEYIDX, each
 * frame's PictureID one more), the start bit on a frame's first packet only, and there the VP8 frame tag and, on a key
 * frame, the start code and size (RFC 6386 §9.1), from which the node learns the layer's height. Pacer thread only.
 */
final class VideoLayer {
    /** The descriptor with I, L, T and K, then on a frame's first packet the 3-byte frame tag and a key frame's 7. */
    private static final int DESCRIPTOR = 6;
    private static final int FRAME_TAG = 3;
    private static final int KEY_HEADER = 7;

    final PublishedStream stream;
    /** Of the profile's video bitrate (and of its key frame's packets). */
    final double share;
    /** Lines of the layer's frames, 0 for a plain stream (whose payload says nothing of its size). */
    final int height;
    private final byte[] prefix = new byte[DESCRIPTOR + FRAME_TAG + KEY_HEADER];
    private double credit;
    private int pictureId;

    private VideoLayer(PublishedStream stream, double share, int height, int firstPictureId) {
        this.stream = stream;
        this.share = share;
        this.height = height;
        this.pictureId = firstPictureId;
    }

    static VideoLayer plain(PublishedStream stream) {
        return new VideoLayer(stream, 1, 0, 0);
    }

    /** A simulcast layer of {@code height} lines (16:9) at {@code share} of the bitrate. */
    static VideoLayer simulcast(PublishedStream stream, double share, int height) {
        return new VideoLayer(stream, share, height, (stream.streamId() * 977) & 0x7FFF);
    }

    /** How many packets this frame has: a key frame's share of the profile's, or what the bitrate has earned. */
    int packets(boolean key, MediaProfile media) {
        if (key) {
            return Math.max(1, (int) Math.round(media.keyframePackets() * share));
        }
        credit += media.videoBytesPerFrame() * share;
        int packets = (int) (credit / media.videoPacketBytes());
        credit -= packets * (double) media.videoPacketBytes();
        return packets;
    }

    /** The PictureID of the frame being queued; the next frame (one with packets) takes the next one. */
    int nextPicture() {
        int id = pictureId;
        pictureId = (pictureId + 1) & 0x7FFF;
        return id;
    }

    /** Writes the payload's start for one packet; returns its length in {@link #prefix()}. */
    int writePrefix(boolean key, boolean start, int picture) {
        byte[] b = prefix;
        if (height == 0) {
            b[0] = 0x10;
            b[1] = (byte) (key ? 0x00 : 0x01);
            return 2;
        }
        b[0] = (byte) (0x80 | (start ? 0x10 : 0)); // X, S, PID 0
        b[1] = (byte) 0xF0; // I, L, T, K
        Bytes.put16(b, 2, 0x8000 | picture); // M: 15-bit PictureID
        b[4] = (byte) picture; // TL0PICIDX: one more each frame, every frame being temporal layer 0
        b[5] = 0; // TID 0, KEYIDX 0
        if (!start) {
            return DESCRIPTOR;
        }
        int p = DESCRIPTOR;
        b[p] = (byte) (key ? 0x10 : 0x11); // show_frame, version 0, P (0: key frame); first partition size 0
        b[p + 1] = 0;
        b[p + 2] = 0;
        if (!key) {
            return p + FRAME_TAG;
        }
        b[p + 3] = (byte) 0x9d;
        b[p + 4] = 0x01;
        b[p + 5] = 0x2a;
        int width = height * 16 / 9;
        b[p + 6] = (byte) width; // 14-bit width and height, little-endian, no scaling
        b[p + 7] = (byte) (width >> 8);
        b[p + 8] = (byte) height;
        b[p + 9] = (byte) (height >> 8);
        return p + FRAME_TAG + KEY_HEADER;
    }

    byte[] prefix() {
        return prefix;
    }
}
