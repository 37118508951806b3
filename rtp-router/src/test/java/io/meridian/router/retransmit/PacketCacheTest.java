package io.meridian.router.retransmit;

import io.meridian.rtp.testing.LeakGuard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LeakGuard.class)
class PacketCacheTest {
    private static final long MS = 1_000_000L;
    private final PooledByteBufAllocator alloc = new PooledByteBufAllocator(false);
    private PacketCache cache;

    @AfterEach
    void release() {
        cache.release();
        assertEquals(0, cache.bytes());
    }

    /** A packet in a pooled buffer, as the cache is given them (its reference passes to the cache). */
    private ByteBuf packet(int seq, int len) {
        return alloc.heapBuffer(len).writeByte(seq).writeZero(len - 1);
    }

    @Test
    void packetsOlderThanTheAgeBoundAreMisses() {
        cache = new PacketCache(64, 1000 * MS, 1 << 20);
        cache.put(10, packet(10, 100), 0);
        cache.put(11, packet(11, 100), 500 * MS);
        assertNotNull(cache.get(10, 1000 * MS));
        assertNull(cache.get(10, 1001 * MS), "a second and a bit later, 10 is gone");
        ByteBuf eleven = cache.get(11, 1001 * MS);
        assertEquals(11, eleven.getByte(0));
        assertTrue(cache.holds(10), "still held (a repair of it is a duplicate), just too old to resend");
    }

    @Test
    void aSlowStreamKeepsOnlyItsLastSecond() {
        cache = new PacketCache(1024, 1000 * MS, 4 << 20);
        for (int seq = 0; seq < 300; seq++) {
            cache.put(seq, packet(seq, 1000), seq * 20 * MS); // 50 packets a second
        }
        assertTrue(cache.bytes() <= 52 * 1000, "about a second of packets, not the whole ring: " + cache.bytes());
        assertNotNull(cache.get(299, 299 * 20 * MS));
        assertFalse(cache.holds(100), "freed, not only expired");
    }

    @Test
    void theRingHoldsTheNewestPacketsAcrossASequenceWrap() {
        cache = new PacketCache(16, 1000 * MS, 1 << 20);
        for (int i = 0; i < 40; i++) {
            int seq = (65_520 + i) & 0xFFFF;
            cache.put(seq, packet(seq, 50), 0);
        }
        int newest = (65_520 + 39) & 0xFFFF;
        assertNotNull(cache.get(newest, 0));
        assertNotNull(cache.get((newest - 15) & 0xFFFF, 0));
        assertNull(cache.get((newest - 16) & 0xFFFF, 0), "the 17th newest was overwritten");
        assertTrue(cache.tooOld((newest - 16) & 0xFFFF));
        assertFalse(cache.tooOld((newest - 15) & 0xFFFF));
        assertEquals(16 * 50, cache.bytes());
    }

    @Test
    void theByteBoundEvictsTheOldestFirst() {
        cache = new PacketCache(64, 1000 * MS, 64 * 1024);
        for (int seq = 0; seq < 60; seq++) {
            cache.put(seq, packet(seq, 2000), 0);
        }
        assertTrue(cache.bytes() <= 64 * 1024, "bytes held: " + cache.bytes());
        assertNotNull(cache.get(59, 0));
        assertNull(cache.get(0, 0), "the oldest went first");
        assertEquals(32, cache.bytes() / 2000, "as many as fit");
    }
}
