package io.meridian.router;

/**
 * A track a participant sends, as its SDP announced it: primary SSRC, optional RTX SSRC (0 = none), and which RTX
 * payload type repairs which primary one (RFC 4588 §8.6, {@code apt}). A simulcast track has its layers in
 * {@code simulcast}; its SSRC and RTX SSRC are then the ones the node chose for receivers (see
 * {@link SimulcastSource}), and {@code codecs} names each payload type's codec (to find key frames).
 */
public record PublishedTrackSpec(String trackId, TrackKind kind, int ssrc, int rtxSsrc, RtxPayloadTypes rtxTypes,
                                 SimulcastSpec simulcast, VideoCodec[] codecs) {
    private static final VideoCodec[] NO_CODECS = new VideoCodec[128];

    static {
        java.util.Arrays.fill(NO_CODECS, VideoCodec.OTHER);
    }

    public PublishedTrackSpec {
        codecs = codecs == null ? NO_CODECS : codecs.clone();
    }

    public PublishedTrackSpec(String trackId, TrackKind kind, int ssrc, int rtxSsrc, RtxPayloadTypes rtxTypes) {
        this(trackId, kind, ssrc, rtxSsrc, rtxTypes, null, null);
    }

    /** A track whose RTX payload types are not known (the node then cannot take its RTX apart). */
    public PublishedTrackSpec(String trackId, TrackKind kind, int ssrc, int rtxSsrc) {
        this(trackId, kind, ssrc, rtxSsrc, RtxPayloadTypes.NONE);
    }

    /** A payload type -> codec table (128 entries, OTHER where unnamed) from (payload type, codec) pairs. */
    public static VideoCodec[] codecTable(java.util.Map<Integer, VideoCodec> byPayloadType) {
        VideoCodec[] table = NO_CODECS.clone();
        byPayloadType.forEach((pt, codec) -> table[pt & 0x7F] = codec);
        return table;
    }
}
