package io.meridian.router;

/**
 * The per-receiver rewrite tables of one forwarded track, as negotiated by the signalling layer.
 *
 * @param payloadTypes 128 entries: publisher payload type -> receiver payload type, -1 for "not negotiated"
 * @param extensionIds 256 entries: publisher header-extension id -> receiver id, 0 for "strip"
 */
public record TrackMaps(byte[] payloadTypes, byte[] extensionIds) {
    public TrackMaps {
        if (payloadTypes.length != 128 || extensionIds.length != 256) {
            throw new IllegalArgumentException("payloadTypes needs 128 entries and extensionIds 256");
        }
    }

    /** Identity maps: the receiver negotiated the same numbers as the publisher. */
    public static TrackMaps identity() {
        byte[] pts = new byte[128];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = (byte) i;
        }
        byte[] ids = new byte[256];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (byte) i;
        }
        return new TrackMaps(pts, ids);
    }
}
