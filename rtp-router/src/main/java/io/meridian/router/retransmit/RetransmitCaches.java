package io.meridian.router.retransmit;

import io.meridian.router.InboundStream;
import io.meridian.router.RecentPackets;
import io.meridian.router.RouterContext;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;

/** One conference's packet caches, one per published primary video stream, freed when the stream leaves. */
final class RetransmitCaches implements RecentPackets {
    private final IntObjectHashMap<PacketCache> bySsrc = new IntObjectHashMap<>();
    private final RetransmissionSettings settings;

    RetransmitCaches(RouterContext context, RetransmissionSettings settings) {
        this.settings = settings;
        context.onStreamRemoved(ssrc -> {
            PacketCache cache = bySsrc.remove(ssrc);
            if (cache != null) {
                cache.release();
            }
        });
    }

    /** The cache of a primary stream, made on first use. */
    PacketCache of(InboundStream primary) {
        PacketCache cache = bySsrc.get(primary.ssrc());
        if (cache == null) {
            cache = new PacketCache(settings.cachePackets(), settings.cacheMillis() * 1_000_000L,
                    settings.cacheBytes());
            bySsrc.put(primary.ssrc(), cache);
        }
        return cache;
    }

    @Override
    public ByteBuf recent(int ssrc, int back, long now) {
        PacketCache cache = bySsrc.get(ssrc);
        return cache == null ? null : cache.recent(back, now);
    }

    /** The cache of a primary stream if it has one. */
    PacketCache find(int ssrc) {
        return bySsrc.get(ssrc);
    }
}
