package io.meridian.router.rewrite;

import io.meridian.router.DownStream;
import io.meridian.router.PacketInfo;
import io.meridian.router.Projection;
import io.meridian.rtp.RtpPacket;

/**
 * The receiver's payload type for the publisher's (payload types are dynamic and each side numbers its own,
 * RFC 3551 §3, RFC 8829 §5.3.1); a packet of a codec the receiver did not take is not sent to it.
 */
final class PayloadTypeRewrite implements Projection {
    /** Publisher payload type (0..127) -> receiver payload type; negative: not negotiated. */
    private final byte[] table;

    PayloadTypeRewrite(byte[] table) {
        this.table = table.clone();
    }

    @Override
    public int project(PacketInfo packet, DownStream to, byte[] out, int len) {
        int mapped = table[RtpPacket.payloadType(out, 0)];
        if (mapped < 0) {
            packet.skip();
            return NOT_SENT;
        }
        RtpPacket.setPayloadType(out, 0, mapped);
        return len;
    }
}
