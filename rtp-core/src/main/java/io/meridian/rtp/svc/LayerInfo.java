package io.meridian.rtp.svc;

/**
 * What a forwarder needs to know of one packet of a scalable (SVC) stream, packed in an int so it can ride along
 * with the packet at no cost: its spatial and temporal layer, whether it starts or ends its layer frame, and whether
 * it starts a key picture (where a receiver may begin, or climb to a higher spatial layer). Made by
 * {@link Vp9Descriptor#layerInfo} and {@link DependencyDescriptorReader#read}; {@link #NONE} when not known.
 */
public final class LayerInfo {
    /** Not a packet of a scalable stream, or one whose layers could not be read. */
    public static final int NONE = 0;

    private static final int SPATIAL_SHIFT = 0;
    private static final int TEMPORAL_SHIFT = 3;
    private static final int LAYER_MASK = 0x07;
    private static final int START = 1 << 6;
    private static final int END = 1 << 7;
    private static final int KEY = 1 << 8;
    private static final int KNOWN = 1 << 9;

    private LayerInfo() {
    }

    /** Packs the fields (layers 0..7). */
    public static int of(int spatial, int temporal, boolean startOfFrame, boolean endOfFrame, boolean keyPicture) {
        return KNOWN | (spatial & LAYER_MASK) << SPATIAL_SHIFT | (temporal & LAYER_MASK) << TEMPORAL_SHIFT
                | (startOfFrame ? START : 0) | (endOfFrame ? END : 0) | (keyPicture ? KEY : 0);
    }

    public static boolean known(int info) {
        return (info & KNOWN) != 0;
    }

    public static int spatial(int info) {
        return info >> SPATIAL_SHIFT & LAYER_MASK;
    }

    public static int temporal(int info) {
        return info >> TEMPORAL_SHIFT & LAYER_MASK;
    }

    /** The packet is the first of its layer frame. */
    public static boolean startOfFrame(int info) {
        return (info & START) != 0;
    }

    /** The packet is the last of its layer frame. */
    public static boolean endOfFrame(int info) {
        return (info & END) != 0;
    }

    /** The first packet of a picture: the start of its lowest spatial layer's frame. */
    public static boolean startOfPicture(int info) {
        return (info & (KNOWN | START)) == (KNOWN | START) && spatial(info) == 0;
    }

    /** The packet starts a key picture (its base layer frame is intra coded). */
    public static boolean keyPicture(int info) {
        return (info & KEY) != 0;
    }
}
