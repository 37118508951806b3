package io.meridian.router;

import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.srtp.DtlsRole;
import io.meridian.srtp.SrtpKeys;
import io.meridian.srtp.SrtpProfile;
import io.meridian.srtp.SrtpProtector;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fan-out spread over two loops, each loop an explicit task queue the test runs: receivers on the shard get the
 * same packets, in the same order, as those on the conference's loop, and only once the shard's loop runs.
 */
@ExtendWith(LeakGuard.class)
class FanOutShardTest {
    private static final int VIDEO = 0x0B0B0B0B;

    /** A loop the test steps by hand. */
    private static final class ManualLoop implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    private final RouterHarness h = new RouterHarness();

    private final List<Leg> shardLegs = new ArrayList<>();

    @AfterEach
    void closeHarness() {
        h.close();
        shardLegs.forEach(h.conference::removeLeg);
        other.runAll();
    }
    private final ManualLoop home = new ManualLoop();
    private final ManualLoop other = new ManualLoop();
    private final MediaCounters otherCounters = new MediaCounters();
    private final FanOutShard shard = new FanOutShard(1, other, home, otherCounters, h.counters, h.alloc, h.events);

    /** A receiver whose RTP the shard sends: it records what it decrypts, with the thread-free harness keys. */
    private final class ShardReceiver {
        final Leg leg;
        final SrtpProtector browser;
        final List<byte[]> rtp = new ArrayList<>();

        ShardReceiver(String id, byte seed) {
            byte[] k = new byte[16];
            byte[] salt = new byte[12];
            java.util.Arrays.fill(k, seed);
            java.util.Arrays.fill(salt, seed);
            SrtpKeys keys = new SrtpKeys(SrtpProfile.AEAD_AES_128_GCM, k, k, salt, salt);
            browser = new SrtpProtector(keys, DtlsRole.CLIENT);
            Negotiated all = new Negotiated(EnumSet.allOf(Feature.class), RouterHarness.TRANSPORT_SEQUENCE_ID,
                    RouterHarness.ABS_SEND_TIME_ID);
            leg = h.conference.addLeg(id, ByteBuf::release, all, shard, this::capture);
            shardLegs.add(leg);
            h.conference.srtpReady(leg, new SrtpProtector(keys, DtlsRole.SERVER));
        }

        /** Encrypts and delivers an RTCP packet from this receiver (the conference's loop reads it). */
        void sendRtcp(byte[] plain, int len) {
            byte[] b = java.util.Arrays.copyOf(plain, len + 32);
            int n = browser.protectRtcp(b, 0, len);
            ByteBuf buf = h.alloc.heapBuffer(n + 32);
            buf.writeBytes(b, 0, n);
            h.conference.inbound().receive(leg, buf);
        }

        private void capture(ByteBuf datagram) {
            try {
                byte[] copy = new byte[datagram.readableBytes() + 32];
                datagram.getBytes(datagram.readerIndex(), copy, 0, datagram.readableBytes());
                int n = browser.unprotectRtp(copy, 0, datagram.readableBytes());
                assertTrue(n > 0, "the shard sealed a packet the receiver cannot open: " + n);
                rtp.add(java.util.Arrays.copyOf(copy, n));
            } finally {
                datagram.release();
            }
        }
    }

    @Test
    void shardReceiversGetEveryPacketOnceInOrderFromTheirOwnLoop() {
        RouterHarness.Peer alice = h.peer("alice");
        RouterHarness.Peer bob = h.peer("bob");
        ShardReceiver carol = new ShardReceiver("carol", (byte) 3);
        ShardReceiver dave = new ShardReceiver("dave", (byte) 4);
        h.conference.publish(alice.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, VIDEO, 0));
        TrackMaps maps = TrackMaps.identity();
        maps.payloadTypes()[96] = 98;
        for (Leg receiver : List.of(bob.leg, carol.leg, dave.leg)) {
            assertTrue(h.conference.subscribe(receiver, VIDEO, maps));
        }

        for (int seq = 100; seq < 140; seq++) {
            alice.sendRtp(VIDEO, seq, 96, 60);
        }
        assertEquals(40, bob.rtp().size(), "the conference's loop sent its own receivers at once");
        assertTrue(carol.rtp.isEmpty() && dave.rtp.isEmpty(), "nothing is sent for the shard on the wrong loop");
        assertEquals(0, otherCounters.packetsOut());

        other.runAll();
        for (ShardReceiver r : List.of(carol, dave)) {
            assertEquals(40, r.rtp.size());
            for (int i = 0; i < 40; i++) {
                assertEquals(100 + i, RtpPacket.sequence(r.rtp.get(i), 0), "once, in order");
                assertEquals(98, RtpPacket.payloadType(r.rtp.get(i), 0), "rewritten for the receiver");
            }
        }
        assertEquals(80, otherCounters.packetsOut(), "the shard's loop counted what it sent");
        assertEquals(40, h.counters.packetsOut());
        assertTrue(h.events.firstForwards.contains(bob.leg) && !h.events.firstForwards.contains(carol.leg),
                "a shard reports its first forward on the conference's loop");
        home.runAll();
        assertTrue(h.events.firstForwards.containsAll(List.of(carol.leg, dave.leg)));
    }

    @Test
    void aShardReceiverIsNumberedByItsLoopAndEstimatedFromItsFeedbackOnTheConferences() {
        List<Long> estimates = new ArrayList<>();
        h.events.bandwidth = estimates::add;
        RouterHarness.Peer alice = h.peer("alice");
        ShardReceiver carol = new ShardReceiver("carol", (byte) 3);
        h.conference.publish(alice.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, VIDEO, 0));
        h.conference.subscribe(carol.leg, VIDEO, TrackMaps.identity());
        for (int seq = 0; seq < 20; seq++) {
            h.now += 5_000_000L;
            alice.sendRtpBytes(RouterHarness.withElement(VIDEO, seq, RouterHarness.TRANSPORT_SEQUENCE_ID, 7000 + seq,
                    2));
        }
        other.runAll();
        assertEquals(20, carol.rtp.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(i, io.meridian.rtp.TransportSequenceNumber.read(carol.rtp.get(i), 0,
                    carol.rtp.get(i).length, RouterHarness.TRANSPORT_SEQUENCE_ID), "carol's own sequence");
        }
        int[] deltas = new int[20];
        java.util.Arrays.fill(deltas, 20); // 5 ms apart, as sent
        byte[] b = new byte[io.meridian.rtp.TransportFeedback.maxLength(20)];
        int len = io.meridian.rtp.TransportFeedback.write(b, 0, 0x4242, VIDEO, 0, 100, 0, deltas, 0, 20);
        carol.sendRtcp(b, len);
        assertEquals(1, estimates.size(), "her feedback, read on the conference's loop, found what her loop sent");
        assertTrue(h.counters.drops(DropReason.MALFORMED_RTCP) == 0);
    }

    @Test
    void aDepartedShardReceiverGetsNothingMoreAndQueuedPacketsAreReleased() {
        RouterHarness.Peer alice = h.peer("alice");
        ShardReceiver carol = new ShardReceiver("carol", (byte) 3);
        h.conference.publish(alice.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, VIDEO, 0));
        h.conference.subscribe(carol.leg, VIDEO, TrackMaps.identity());
        alice.sendRtp(VIDEO, 1, 96, 60);
        other.runAll();
        assertEquals(1, carol.rtp.size());

        ByteBuf queued = alice.encryptRtp(VIDEO, 2, 96, 60);
        alice.deliver(queued);
        assertEquals(1, queued.refCnt(), "the shard holds the packet until its loop runs");
        h.conference.removeLeg(carol.leg);
        alice.sendRtp(VIDEO, 3, 96, 60);
        other.runAll();
        assertEquals(1, carol.rtp.size(), "nothing after the departure, even what was queued before it");
        assertEquals(0, queued.refCnt(), "the shard released what it held");
        assertTrue(!carol.leg.srtpReady());
    }
}
