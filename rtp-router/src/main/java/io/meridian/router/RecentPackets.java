package io.meridian.router;

import io.netty.buffer.ByteBuf;

/**
 * The last packets of the conference's published video the node keeps (its retransmission caches), as first
 * received: what it resends to probe a receiver's path. A feature that keeps them offers this through
 * {@link RouterContext#shared}.
 */
public interface RecentPackets {
    /**
     * The packet {@code back} before the newest of the primary stream {@code ssrc}, if still held and fresh at
     * {@code now}, else null; not retained (valid until the stream's next packet).
     */
    ByteBuf recent(int ssrc, int back, long now);
}
