package io.meridian.router.rewrite;

import io.meridian.router.DownStream;
import io.meridian.router.DropReason;
import io.meridian.router.PacketInfo;
import io.meridian.router.Projection;
import io.meridian.rtp.RtpPacket;

/**
 * The receiver's numbers for the publisher's, in one pass over the header:
 * <ul>
 *   <li>the payload type (payload types are dynamic and each side numbers its own, RFC 3551 §3, RFC 8829 §5.3.1); a
 *       packet of a codec the receiver did not take is not sent to it;</li>
 *   <li>the header-extension ids (ids are per session, RFC 8285 §5); elements the receiver did not negotiate become
 *       padding. A packet whose extension block is malformed is dropped and counted.</li>
 * </ul>
 * One projection rather than two, so that a receiver's chain with the congestion controller's stamp holds two
 * classes and the JIT inlines both at the call site (three make it megamorphic, a measurable cost per packet).
 */
final class HeaderRelabel implements Projection {
    /** Publisher payload type (0..127) -> receiver payload type; negative: not negotiated. */
    private final byte[] payloadTypes;
    /** Publisher extension id -> receiver id, 0 = strip. */
    private final byte[] extensionIds;

    HeaderRelabel(byte[] payloadTypes, byte[] extensionIds) {
        this.payloadTypes = payloadTypes.clone();
        this.extensionIds = extensionIds.clone();
    }

    @Override
    public int project(PacketInfo packet, DownStream to, byte[] out, int len) {
        int mapped = payloadTypes[RtpPacket.payloadType(out, 0)];
        if (mapped < 0) {
            packet.skip();
            return NOT_SENT;
        }
        RtpPacket.setPayloadType(out, 0, mapped);
        if (!RtpPacket.remapExtensions(out, 0, len, extensionIds)) {
            packet.drop(DropReason.MALFORMED_RTP);
            return NOT_SENT;
        }
        return len;
    }
}
