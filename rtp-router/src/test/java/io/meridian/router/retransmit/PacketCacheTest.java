package io.meridian.router.retransmit;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketCacheTest {
    private static final long MS = 1_000_000L;
    private PacketCache cache;

    @AfterEach
    void release() {
        cache.release();
        assertEquals(0, cache.bytes());
        assertEquals(0, cache.ringBytes());
    }

    /** A packet whose bytes all say which one it is. */
    private static byte[] packet(int seq, int len) {
        byte[] b = new byte[len];
        java.util.Arrays.fill(b, (byte) seq);
        return b;
    }

    private static void assertPacket(int seq, int len, ByteBuf got) {
        assertNotNull(got, "packet " + seq);
        assertEquals(len, got.readableBytes());
        for (int i = 0; i < len; i++) {
            assertEquals((byte) seq, got.getByte(got.readerIndex() + i), "packet " + seq + " byte " + i);
        }
    }

    @Test
    void packetsOlderThanTheAgeBoundAreMisses() {
        cache = new PacketCache(64, 1000 * MS, 1 << 20);
        cache.put(10, packet(10, 100), 0, 100, 0);
        cache.put(11, packet(11, 100), 0, 100, 500 * MS);
        assertPacket(10, 100, cache.get(10, 1000 * MS));
        assertNull(cache.get(10, 1001 * MS), "a second and a bit later, 10 is gone");
        assertPacket(11, 100, cache.get(11, 1001 * MS));
        assertTrue(cache.holds(10), "still held (a repair of it is a duplicate), just too old to resend");
    }

    @Test
    void aStreamKeepsAboutASecondAndTheRingGrowsToHoldIt() {
        cache = new PacketCache(1024, 1000 * MS, 4 << 20);
        for (int seq = 0; seq < 300; seq++) {
            cache.put(seq, packet(seq, 1000), 0, 1000, seq * 20 * MS); // 50 packets a second: 50 KB a second
        }
        assertEquals(64 * 1024, cache.ringBytes(), "grown from 16 KB to the first size holding a second");
        for (int seq = 250; seq < 300; seq++) {
            assertPacket(seq, 1000, cache.get(seq, 299 * 20 * MS)); // the last second, every byte intact
        }
        assertFalse(cache.holds(100), "overwritten, not only expired");
        assertTrue(cache.bytes() <= 64 * 1024, "bytes held: " + cache.bytes());
    }

    @Test
    void theRingHoldsTheNewestPacketsAcrossASequenceWrap() {
        cache = new PacketCache(16, 1000 * MS, 1 << 20);
        for (int i = 0; i < 40; i++) {
            int seq = (65_520 + i) & 0xFFFF;
            cache.put(seq, packet(seq, 50), 0, 50, 0);
        }
        int newest = (65_520 + 39) & 0xFFFF;
        assertPacket(newest, 50, cache.get(newest, 0));
        assertPacket((newest - 15) & 0xFFFF, 50, cache.get((newest - 15) & 0xFFFF, 0));
        assertNull(cache.get((newest - 16) & 0xFFFF, 0), "the 17th newest was overwritten");
        assertTrue(cache.tooOld((newest - 16) & 0xFFFF));
        assertFalse(cache.tooOld((newest - 15) & 0xFFFF));
        assertEquals(16 * 50, cache.bytes());
        assertPacket((newest - 3) & 0xFFFF, 50, cache.recent(3, 0));
    }

    @Test
    void theByteBoundEvictsTheOldestFirst() {
        cache = new PacketCache(64, 1000 * MS, 64 * 1024);
        for (int seq = 0; seq < 60; seq++) {
            cache.put(seq, packet(seq, 2000), 0, 2000, 0);
        }
        assertEquals(64 * 1024, cache.ringBytes(), "no larger than the byte bound");
        assertTrue(cache.bytes() <= 64 * 1024, "bytes held: " + cache.bytes());
        assertPacket(59, 2000, cache.get(59, 0));
        assertNull(cache.get(0, 0), "the oldest went first");
        assertEquals(32, cache.bytes() / 2000, "as many as fit, each whole");
        for (int seq = 28; seq < 60; seq++) {
            assertPacket(seq, 2000, cache.get(seq, 0));
        }
    }

    @Test
    void aLatePacketIsKeptAndWhatItsCopyOverwroteIsGone() {
        cache = new PacketCache(64, 1000 * MS, 16 * 1024); // a 16 KB ring: eight packets of 2,000 bytes
        for (int seq = 0; seq < 9; seq++) {
            if (seq != 3) {
                cache.put(seq, packet(seq, 2000), 0, 2000, 0);
            }
        }
        cache.put(3, packet(3, 2000), 0, 2000, 0); // late: its copy goes after 8's, round the ring over 0's
        assertPacket(3, 2000, cache.get(3, 0));
        assertPacket(8, 2000, cache.get(8, 0));
        assertPacket(1, 2000, cache.get(1, 0));
        assertNull(cache.get(0, 0), "its bytes now hold 3");
    }
}
