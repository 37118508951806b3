package io.meridian.sdp;

import java.util.Arrays;

/**
 * How to relabel one forwarded track for one receiver. Two browsers may number the same codec or header extension
 * differently (payload types are dynamic, RFC 3551 §3; extension ids are per session, RFC 8285 §5), so a packet
 * from the publisher gets, per receiver, its payload type and one-byte extension ids replaced.
 *
 * <p>{@link #ptMap()} has 256 entries indexed by the publisher's payload type; an entry is the receiver's payload
 * type, or {@link #UNMAPPED} ({@code (byte) 0xFF}: no RTP payload type is 255, the field is 7 bits, RFC 3550 §5.1)
 * when the receiver did not get that codec, and the packet must be dropped. {@link #extMap()} has 16 entries
 * indexed by the publisher's one-byte extension id; an entry is the receiver's id, or 0 to remove the element
 * (0 is padding and never an id, RFC 8285 §4.2).
 *
 * @param receiverMid the receiver's m-line carrying the track
 */
public record TrackMapping(String publisherParticipantId, String trackId, String kind, String receiverMid,
        long primarySsrc, long rtxSsrc, byte[] ptMap, byte[] extMap) {

    public static final byte UNMAPPED = (byte) 0xFF;

    public TrackMapping {
        ptMap = ptMap.clone();
        extMap = extMap.clone();
    }

    /** A copy of the payload type map; callers on the packet path should fetch it once and keep it. */
    @Override
    public byte[] ptMap() {
        return ptMap.clone();
    }

    /** A copy of the extension id map; callers on the packet path should fetch it once and keep it. */
    @Override
    public byte[] extMap() {
        return extMap.clone();
    }

    /** The receiver's payload type for a publisher payload type, or -1 when the packet must be dropped. */
    public int receiverPayloadType(int publisherPt) {
        byte mapped = ptMap[publisherPt & 0xFF];
        return mapped == UNMAPPED ? -1 : mapped & 0x7F;
    }

    /** The receiver's extension id for a publisher one-byte id, or 0 when the element must be removed. */
    public int receiverExtensionId(int publisherId) {
        return publisherId >= 1 && publisherId < extMap.length ? extMap[publisherId] : 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrackMapping m && publisherParticipantId.equals(m.publisherParticipantId)
                && trackId.equals(m.trackId) && kind.equals(m.kind) && receiverMid.equals(m.receiverMid)
                && primarySsrc == m.primarySsrc && rtxSsrc == m.rtxSsrc && Arrays.equals(ptMap, m.ptMap)
                && Arrays.equals(extMap, m.extMap);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * publisherParticipantId.hashCode() + trackId.hashCode()) + Arrays.hashCode(ptMap);
    }

    @Override
    public String toString() {
        return "TrackMapping[" + publisherParticipantId + "/" + trackId + " -> mid " + receiverMid + "]";
    }
}
