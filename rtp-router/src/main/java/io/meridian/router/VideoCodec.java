package io.meridian.router;

import io.meridian.rtp.h264.H264Payload;
import io.meridian.rtp.vp8.Vp8Descriptor;

/** The video codecs whose frames the node tells apart (key frames, for switching a receiver between layers). */
public enum VideoCodec {
    VP8, VP9, H264, AV1, OTHER;

    /** The codec named in SDP ({@code a=rtpmap}), case-insensitively; OTHER for anything else. */
    public static VideoCodec named(String name) {
        for (VideoCodec codec : values()) {
            if (codec.name().equalsIgnoreCase(name)) {
                return codec;
            }
        }
        return OTHER;
    }

    /** Whether the RTP payload {@code b[off, off+len)} of this codec begins a key frame. */
    public boolean isKeyFrameStart(byte[] b, int off, int len) {
        switch (this) {
            case VP8: {
                int descriptor = Vp8Descriptor.length(b, off, len);
                return descriptor >= 0 && descriptor < len && Vp8Descriptor.isKeyFrame(b, off, descriptor);
            }
            case H264:
                return H264Payload.isKeyFrameStart(b, off, len);
            default:
                return false; // VP9 and AV1 are switched by their own layer structure, not as simulcast here
        }
    }

    /** The frame height of a key frame start of this codec, or -1 when not known from the payload. */
    public int keyFrameHeight(byte[] b, int off, int len) {
        if (this == H264) {
            return H264Payload.keyFrameHeight(b, off, len); // from the SPS libwebrtc sends before each IDR
        }
        if (this != VP8) {
            return -1;
        }
        int descriptor = Vp8Descriptor.length(b, off, len);
        return descriptor < 0 ? -1 : Vp8Descriptor.keyFrameHeight(b, off, len, descriptor);
    }
}
