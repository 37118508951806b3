package io.meridian.router.cc;

import io.meridian.router.DownStream;
import io.meridian.router.PacketInfo;
import io.meridian.router.Projection;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.TransportSequenceNumber;

/**
 * Numbers what the node sends a receiver on the receiver's own transport-wide sequence (draft-holmer-rmcat-transport-
 * wide-cc-extensions-01 §2.1: one counter per transport, across its streams), in the element the publisher's packet
 * carries under the receiver's extension id (after the id rewrite). A packet without the element goes unnumbered.
 */
final class TransportSequenceStamp implements Projection {
    private final int extensionId;

    TransportSequenceStamp(int extensionId) {
        this.extensionId = extensionId;
    }

    @Override
    public boolean project(PacketInfo packet, DownStream to, byte[] out, int len) {
        int at = RtpPacket.extensionData(out, 0, len, extensionId, TransportSequenceNumber.LENGTH);
        if (at >= 0) {
            Bytes.put16(out, at, to.receiver().nextTransportSequence());
        }
        return true;
    }
}
