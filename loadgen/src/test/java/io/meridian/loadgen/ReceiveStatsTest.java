package io.meridian.loadgen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a receiver counts what it got: a simulcast track once, and each layer over the spans it was forwarded. */
class ReceiveStatsTest {
    private static final int AUDIO = 1;
    private static final int VIDEO = 2;

    @Test
    void aTrackSwitchedBetweenLayersCountsOnceAndLosesNothing() {
        ReceiveStats stats = new ReceiveStats(new MeasurementWindow());
        int q = PublishedStream.layerStreamId(VIDEO, 0);
        int h = PublishedStream.layerStreamId(VIDEO, 1);
        receive(stats, AUDIO, 0, 100);
        receive(stats, q, 0, 10);   // starts low
        receive(stats, h, 30, 40);  // up at a key frame of h
        receive(stats, q, 70, 80);  // down again
        assertEquals(2, stats.trackCount(), "audio and one video track");
        assertEquals(0, stats.currentLayer(VIDEO));
        assertEquals(2, stats.tracks().get(VIDEO).switches);
        assertEquals(20, stats.streams().get(q).expected(79), "q's two spans, nothing lost");
        assertEquals(10, stats.streams().get(h).expected(99), "h's one span, though h went on to 99");
        assertEquals(100, stats.streams().get(AUDIO).expected(99));
    }

    @Test
    void aGapWithinASpanIsLossAndTheTailOfTheCurrentLayerToo() {
        ReceiveStats stats = new ReceiveStats(new MeasurementWindow());
        int f = PublishedStream.layerStreamId(VIDEO, 2);
        receive(stats, f, 0, 5);
        receive(stats, f, 6, 10); // sequence 5 lost
        ReceiveStats.StreamCount count = stats.streams().get(f);
        assertEquals(12, count.expected(11), "up to the publisher's last packet");
        assertEquals(9, count.packets);
    }

    @Test
    void anRtxCopyOfALostPacketRepairsItAndACopyOfAReceivedOneCountsNothing() {
        ReceiveStats stats = new ReceiveStats(new MeasurementWindow());
        receive(stats, VIDEO, 0, 5);
        receive(stats, VIDEO, 6, 10); // 5 lost on the link
        stats.onRtp(rtx(VIDEO, 5), 60, 1);   // the retransmission
        stats.onRtp(rtx(VIDEO, 5), 60, 1);   // again: a copy
        stats.onRtp(rtx(VIDEO, 7), 60, 1);   // a probe of a received packet
        stats.onRtp(rtx(VIDEO, 12), 60, 1);  // ahead of the stream: not a repair
        ReceiveStats.StreamCount count = stats.streams().get(VIDEO);
        assertEquals(10, count.packets, "nothing lost");
        assertEquals(1, count.repaired);
        assertEquals(0, count.reordered);
        stats.onPacket(VIDEO, 5, 0, 1, false); // the original, late, after its copy
        assertEquals(10, count.packets, "counted once");
    }

    /** An RTX packet (RFC 4588: the original sequence number, then the payload) carrying the bench's stamp. */
    private static byte[] rtx(int streamId, int sequence) {
        byte[] b = new byte[60];
        b[0] = (byte) 0x80;
        b[1] = (byte) io.meridian.client.PeerSdp.RTX_PT;
        MediaStamp.write(b, b.length, streamId, sequence, 0);
        return b;
    }

    private static void receive(ReceiveStats stats, int streamId, int from, int to) {
        for (int sequence = from; sequence < to; sequence++) {
            stats.onPacket(streamId, sequence, 0, 1, streamId == AUDIO);
        }
    }
}
