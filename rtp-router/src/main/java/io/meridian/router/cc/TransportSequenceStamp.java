package io.meridian.router.cc;

import io.meridian.router.DownStream;
import io.meridian.router.PacketInfo;
import io.meridian.router.Projection;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.HeaderExtensionWriter;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.TransportSequenceNumber;

/**
 * Numbers what the node sends a receiver on the receiver's own transport-wide sequence (draft-holmer-rmcat-transport-
 * wide-cc-extensions-01 §2.1: one counter per transport, across its streams), in the element the publisher's packet
 * carries under the receiver's extension id (after the id rewrite); a packet without one gets one added (RFC 8285).
 */
final class TransportSequenceStamp implements Projection {
    private final int extensionId;

    TransportSequenceStamp(int extensionId) {
        this.extensionId = extensionId;
    }

    @Override
    public int project(PacketInfo packet, DownStream to, byte[] out, int len) {
        int at = known(packet, out);
        if (at < 0) {
            at = RtpPacket.extensionData(out, 0, len, extensionId, TransportSequenceNumber.LENGTH);
        }
        if (at < 0) {
            // The publisher wrote none (it did not negotiate transport-cc): the node adds the element itself.
            int grown = HeaderExtensionWriter.add(out, 0, len, MAX_LENGTH, extensionId, TransportSequenceNumber.LENGTH);
            if (grown < 0) {
                to.receiver().takeTransportSequence(); // nothing left over for the send history to take
                return len; // a block that cannot take it: this packet goes unnumbered
            }
            len = grown;
            at = RtpPacket.extensionData(out, 0, len, extensionId, TransportSequenceNumber.LENGTH);
        }
        Bytes.put16(out, at, to.receiver().nextTransportSequence());
        return len;
    }

    /**
     * Where the copy's element is, from where the publisher's was found on the way in (the relabelling before this
     * moved nothing; the element now carries this receiver's id), or -1 when that is not known or does not hold.
     */
    private int known(PacketInfo packet, byte[] out) {
        int at = packet.transportSequenceAt() - packet.offset();
        // RFC 8285 §4.2: a one-byte element's header is its id and its length less one (two bytes: L = 1).
        return at > 0 && (out[at - 1] & 0xFF) == (extensionId << 4 | 1) ? at : -1;
    }
}
