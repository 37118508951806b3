package io.meridian.router;

/**
 * One step of a leg's inbound RTP chain (after SRTP decryption), in the spirit of pion's interceptors and
 * jitsi-media-transform's nodes: it reads or rewrites the packet in place, or drops it. The chain owns the buffer and
 * releases it whatever the verdict, so a stage never releases anything.
 */
@FunctionalInterface
public interface ReceiveStage {
    /** Returns true to pass the packet on; false to drop it, after {@link PacketInfo#drop} named why. */
    boolean accept(PacketInfo packet);
}
