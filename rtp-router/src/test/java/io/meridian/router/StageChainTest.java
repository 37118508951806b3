package io.meridian.router;

import io.meridian.router.rewrite.Rewrites;
import io.meridian.router.rtcp.RtcpTermination;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.testing.LeakGuard;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stage seams: order, ownership of dropped packets, and installation from what a leg negotiated. */
@ExtendWith(LeakGuard.class)
class StageChainTest {
    private final List<RouterHarness> harnesses = new ArrayList<>();

    @AfterEach
    void closeHarnesses() {
        harnesses.forEach(RouterHarness::close);
    }
    private static final int VIDEO = 0x0B0B0B0B;

    /** A feature that records every call of each of its stages, tagged with its name. */
    private static final class Recorder implements StageFactory {
        final String name;
        final List<String> calls;
        final boolean dropRtp;

        Recorder(String name, List<String> calls, boolean dropRtp) {
            this.name = name;
            this.calls = calls;
            this.dropRtp = dropRtp;
        }

        @Override
        public void installOnLeg(Leg leg, RouterContext context, LegStages stages) {
            stages.receive(p -> {
                calls.add(name + ".receive");
                return !dropRtp || p.drop(DropReason.UNKNOWN_SSRC);
            });
            stages.feedback((from, a, off, len) -> {
                calls.add(name + ".feedback");
                return false;
            });
            stages.sendObserver((to, out, off, len, nanos) ->
                    calls.add(name + ".send pt=" + RtpPacket.payloadType(out, off)));
            stages.periodic(nanos -> calls.add(name + ".legTick"));
        }

        @Override
        public void installOnStream(DownStream stream, TrackMaps maps, List<Projection> projections) {
            projections.add((packet, to, out, len) -> {
                calls.add(name + ".project pt=" + RtpPacket.payloadType(out, 0));
                return len;
            });
        }

        @Override
        public void installOnConference(RouterContext context, List<Periodic> periodic) {
            periodic.add(nanos -> calls.add(name + ".conferenceTick"));
        }
    }

    private static StageRegistry registry(StageFactory... extra) {
        List<StageFactory> factories = new ArrayList<>(List.of(new CoreStages(), new Rewrites()));
        factories.addAll(List.of(extra));
        factories.add(new RtcpTermination());
        return new StageRegistry(factories);
    }

    @Test
    void stagesRunInTheOrderTheirFactoriesWereRegistered() {
        List<String> calls = new ArrayList<>();
        RouterHarness h = new RouterHarness(registry(new Recorder("first", calls, false),
                new Recorder("second", calls, false)));
        harnesses.add(h);
        RouterHarness.Peer alice = h.peer("alice");
        RouterHarness.Peer bob = h.peer("bob");
        h.conference.publish(alice.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, VIDEO, 0));
        TrackMaps maps = TrackMaps.identity();
        maps.payloadTypes()[96] = 100;
        h.conference.subscribe(bob.leg, VIDEO, maps);
        calls.clear();

        alice.sendRtp(VIDEO, 1, 96, 50);
        // Projections see the receiver's copy after the payload-type rewrite installed before them; send observers
        // see it after every projection, just before sealing.
        assertEquals(List.of("first.receive", "second.receive", "first.project pt=100", "second.project pt=100",
                "first.send pt=100", "second.send pt=100"), calls);
        assertEquals(100, RtpPacket.payloadType(bob.rtp().get(0), 0));

        calls.clear();
        byte[] pli = new byte[12];
        RtcpPacket.writePli(pli, 0, 1, VIDEO);
        bob.sendRtcp(pli, 12);
        assertEquals(List.of("first.feedback", "second.feedback"), calls);

        calls.clear();
        h.conference.tick();
        assertEquals(List.of("first.conferenceTick", "second.conferenceTick", "first.legTick", "second.legTick",
                "first.legTick", "second.legTick"), calls);
    }

    @Test
    void aDroppedPacketIsCountedReleasedOnceAndGoesNoFurther() {
        List<String> calls = new ArrayList<>();
        RouterHarness h = new RouterHarness(registry(new Recorder("dropper", calls, true),
                new Recorder("after", calls, false)));
        harnesses.add(h);
        RouterHarness.Peer alice = h.peer("alice");
        RouterHarness.Peer bob = h.peer("bob");
        h.conference.publish(alice.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, VIDEO, 0));
        h.conference.subscribe(bob.leg, VIDEO, TrackMaps.identity());
        calls.clear();

        ByteBuf packet = alice.encryptRtp(VIDEO, 1, 96, 50);
        alice.deliver(packet);
        assertEquals(0, packet.refCnt(), "the chain released the dropped packet");
        assertEquals(List.of("dropper.receive"), calls, "no stage after the dropping one saw it");
        assertEquals(1, h.counters.drops(DropReason.UNKNOWN_SSRC), "counted once, under the stage's reason");
        assertEquals(0, h.counters.packetsOut());
        assertTrue(bob.rtp().isEmpty());
    }

    @Test
    void feedbackRelaysAreInstalledOnlyForWhatTheLegNegotiated() {
        RouterHarness h = new RouterHarness();
        harnesses.add(h);
        RouterHarness.Peer alice = h.peer("alice");
        RouterHarness.Peer pliOnly = h.peer("pli-only", EnumSet.of(Feature.PLI));
        RouterHarness.Peer none = h.peer("none", EnumSet.noneOf(Feature.class));
        h.conference.publish(alice.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, VIDEO, 0));
        h.conference.subscribe(pliOnly.leg, VIDEO, TrackMaps.identity());
        h.conference.subscribe(none.leg, VIDEO, TrackMaps.identity());
        int plis = alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size();

        byte[] nack = new byte[16];
        RtcpPacket.writeNackHeader(nack, 0, 77, VIDEO, 1);
        Bytes.put16(nack, 12, 1000);
        pliOnly.sendRtcp(nack, 16);
        none.sendRtcp(nack, 16);
        assertTrue(alice.rtcpOfType(RtcpPacket.RTPFB, RtcpPacket.FMT_NACK).isEmpty(),
                "no leg negotiated nack, so no NACK is relayed");

        h.now += KeyframeRequester.MIN_INTERVAL_NANOS;
        byte[] fir = new byte[20];
        RtcpPacket.writeFir(fir, 0, 99, VIDEO, 1);
        pliOnly.sendRtcp(fir, 20);
        none.sendRtcp(fir, 20);
        byte[] pli = new byte[12];
        RtcpPacket.writePli(pli, 0, 1, VIDEO);
        none.sendRtcp(pli, 12);
        assertEquals(plis, alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size(),
                "FIR from a leg without ccm fir, and PLI from a leg without nack pli, are not honoured");

        pliOnly.sendRtcp(pli, 12);
        assertEquals(plis + 1, alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size(),
                "PLI from the leg that negotiated it reaches the publisher");
    }

    @Test
    void upwardEventsReportFirstForwardAndKeyframeRequests() {
        RouterHarness h = new RouterHarness();
        harnesses.add(h);
        RouterHarness.Peer alice = h.peer("alice");
        RouterHarness.Peer bob = h.peer("bob");
        h.conference.publish(alice.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, VIDEO, 0));
        h.conference.subscribe(bob.leg, VIDEO, TrackMaps.identity());
        assertEquals(List.of(new RecordingListener.Keyframe(alice.leg, VIDEO)), h.events.keyframes);
        assertTrue(h.events.firstForwards.isEmpty());
        alice.sendRtp(VIDEO, 1, 96, 50);
        alice.sendRtp(VIDEO, 2, 96, 50);
        assertEquals(List.of(bob.leg), h.events.firstForwards, "told once, for the receiver");
    }
}
