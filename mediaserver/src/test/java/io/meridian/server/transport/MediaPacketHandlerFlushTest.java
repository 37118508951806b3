package io.meridian.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.meridian.server.ice.IceLiteResponder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the media loop hands forwarded packets to the socket (within a read batch, every FLUSH_EVERY writes), and the
 * datagram envelopes it reuses once the channel has released them.
 */
class MediaPacketHandlerFlushTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40_000);

    private final MediaPacketHandler handler =
        new MediaPacketHandler(new IceLiteResponder(ufrag -> null), PooledByteBufAllocator.DEFAULT);
    private final EmbeddedChannel channel = new EmbeddedChannel(handler);

    MediaPacketHandlerFlushTest() {
        handler.attach(channel);
    }

    @AfterEach
    void releaseWhatWasSent() {
        Object sent;
        while ((sent = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(sent);
        }
        channel.finishAndReleaseAll();
    }

    @Test
    void insideAReadBatchWritesAreFlushedEveryFlushEveryAndAtItsEnd() {
        long flushesBefore = handler.counters().batchDelay().cumulativeCounts()[BatchDelayHistogram.BOUNDS_NANOS.length];
        // A datagram of no known kind starts a read batch (and is dropped and counted), as a real read would.
        channel.pipeline().fireChannelRead(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF}),
            PEER, PEER));
        int writes = MediaPacketHandler.FLUSH_EVERY + 5;
        for (int i = 0; i < writes; i++) {
            handler.send(datagram(), PEER);
            int expected = i + 1 < MediaPacketHandler.FLUSH_EVERY ? 0 : MediaPacketHandler.FLUSH_EVERY;
            assertEquals(expected, channel.outboundMessages().size(), "after write " + (i + 1));
        }
        channel.pipeline().fireChannelReadComplete();
        assertEquals(writes, channel.outboundMessages().size(), "the rest goes at the end of the batch");
        long flushes = handler.counters().batchDelay().cumulativeCounts()[BatchDelayHistogram.BOUNDS_NANOS.length];
        assertEquals(2, flushes - flushesBefore, "one delay recorded per flush");
        assertEquals(1, handler.counters().unknownKind.get());
    }

    @Test
    void outsideABatchEveryWriteGoesAtOnce() {
        handler.send(datagram(), PEER);
        assertEquals(1, channel.outboundMessages().size());
        handler.send(datagram(), PEER);
        assertEquals(2, channel.outboundMessages().size());
    }

    private static ByteBuf datagram() {
        ByteBuf buf = Unpooled.buffer(16);
        buf.writeZero(16);
        return buf;
    }

    @Test
    void aDatagramIsReusedOnceTheChannelReleasesIt() {
        InetSocketAddress other = new InetSocketAddress("127.0.0.1", 40_001);
        handler.send(datagram(), PEER);
        DatagramPacket first = channel.readOutbound();
        assertEquals(PEER, first.recipient());
        ByteBuf firstContent = first.content();
        first.release();
        assertEquals(0, firstContent.refCnt(), "the buffer went back to its pool");

        handler.send(datagram(), other);
        DatagramPacket second = channel.readOutbound();
        assertSame(first, second, "the released envelope carried the next datagram");
        assertEquals(other, second.recipient());
        assertEquals(16, second.content().readableBytes());
        second.release();
    }
}
