package io.meridian.router.rewrite;

import io.meridian.router.DropReason;
import io.meridian.router.DownStream;
import io.meridian.router.PacketInfo;
import io.meridian.router.Projection;
import io.meridian.rtp.RtpPacket;

/**
 * The receiver's header-extension ids for the publisher's (ids are per session, RFC 8285 §5); elements the receiver
 * did not negotiate become padding. A packet whose extension block is malformed is dropped and counted.
 */
final class ExtensionIdRewrite implements Projection {
    /** Publisher extension id -> receiver id, 0 = strip. */
    private final byte[] table;

    ExtensionIdRewrite(byte[] table) {
        this.table = table.clone();
    }

    @Override
    public int project(PacketInfo packet, DownStream to, byte[] out, int len) {
        if (!RtpPacket.remapExtensions(out, 0, len, table)) {
            packet.drop(DropReason.MALFORMED_RTP);
            return NOT_SENT;
        }
        return len;
    }
}
