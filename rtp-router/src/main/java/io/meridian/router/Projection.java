package io.meridian.router;

/**
 * Rewrites, in the receiver's copy, what differs for one receiver of one source (payload type, extension ids, SSRC,
 * sequence number, timestamp). Projections belong to a {@link DownStream} and run in the order they were installed.
 */
@FunctionalInterface
public interface Projection {
    /**
     * Rewrites the copy {@code out[0..len)} of {@code packet} for {@code to}; returns false when this receiver must not
     * get it ({@link PacketInfo#drop} to count it, {@link PacketInfo#skip} when that is expected).
     */
    boolean project(PacketInfo packet, DownStream to, byte[] out, int len);
}
