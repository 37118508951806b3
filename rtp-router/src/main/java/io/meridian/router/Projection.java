package io.meridian.router;

/**
 * Rewrites, in the receiver's copy, what differs for one receiver of one source (payload type, extension ids, SSRC,
 * sequence number, timestamp). Projections belong to a {@link DownStream} and run in the order they were installed.
 */
@FunctionalInterface
public interface Projection {
    /** What {@link #project} returns when this receiver must not get the packet. */
    int NOT_SENT = -1;
    /** The longest a receiver's copy may become (what the node accepts, plus room for an element it adds). */
    int MAX_LENGTH = 2048 + 16;

    /**
     * Rewrites the copy {@code out[0..len)} of {@code packet} for {@code to}, which may grow it up to
     * {@link #MAX_LENGTH} bytes (the array has the room); returns its new length, or {@link #NOT_SENT} when this
     * receiver must not get it ({@link PacketInfo#drop} to count it, {@link PacketInfo#skip} when that is expected).
     */
    int project(PacketInfo packet, DownStream to, byte[] out, int len);
}
