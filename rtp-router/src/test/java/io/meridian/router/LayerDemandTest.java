package io.meridian.router;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The publisher of a simulcast track is told which layers anyone wants (dynacast): fewer after they have done for a
 * while, more at once, and never none.
 */
class LayerDemandTest extends SimulcastFixture {
    private List<RecordingListener.LayersNeeded> told() {
        return h.events.layersNeeded;
    }

    private void ticksFor(long nanos) {
        for (long end = h.now + nanos; h.now < end; h.now += 100_000_000L) {
            h.conference.tick();
        }
    }

    @Test
    void theTopLayersStopWhenNobodyWantsThemAndComeBackAtOnce() {
        measureTheLayers();
        assertEquals(List.of(), told(), "every layer is wanted while bob asks for nothing");
        h.conference.constrain(bob.leg, ANCHOR, 2, HEIGHTS[0], false);
        ticksFor(LayerDemand.HOLD_NANOS - 200_000_000L);
        assertEquals(List.of(), told(), "not before fewer have done for a while");
        ticksFor(400_000_000L);
        assertEquals(List.of(new RecordingListener.LayersNeeded(alice.leg, "cam", List.of("q"), 1)), told());
        h.conference.constrain(bob.leg, ANCHOR, 2, HEIGHTS[1], false);
        h.conference.tick();
        assertEquals(new RecordingListener.LayersNeeded(alice.leg, "cam", List.of("q", "h"), 2),
                told().get(told().size() - 1), "more at once");
        h.conference.constrain(bob.leg, ANCHOR, 2, 0, true);
        ticksFor(LayerDemand.HOLD_NANOS + 200_000_000L);
        assertEquals(1, told().get(told().size() - 1).layers(), "a paused track keeps its lowest layer, never none");
        assertEquals(3, told().size());
    }

    @Test
    void aLayerWhoseHeightIsUnknownIsKeptForAReceiverWithAHeightLimit() {
        h.conference.constrain(bob.leg, ANCHOR, 2, HEIGHTS[1], false);
        ticksFor(2 * LayerDemand.HOLD_NANOS);
        assertEquals(List.of(), told(), "no key frame yet: the top layer might fit, and is kept");
    }

    @Test
    void aReceiverWantingMoreKeepsLayersAnotherDoesNotWant() {
        measureTheLayers();
        RouterHarness.Peer carol = h.peer("carol");
        TrackMaps maps = TrackMaps.identity();
        for (int id : new int[] {MID_ID, RID_ID, RRID_ID}) {
            maps.extensionIds()[id] = 0;
        }
        h.conference.subscribe(carol.leg, ANCHOR, maps);
        h.conference.constrain(bob.leg, ANCHOR, 0, 0, false);
        h.conference.constrain(carol.leg, ANCHOR, 1, 0, false);
        ticksFor(LayerDemand.HOLD_NANOS + 200_000_000L);
        assertEquals(List.of(new RecordingListener.LayersNeeded(alice.leg, "cam", List.of("q", "h"), 2)), told(),
                "carol's middle layer is kept");
        h.conference.unsubscribe(carol.leg, ANCHOR);
        ticksFor(LayerDemand.HOLD_NANOS + 200_000_000L);
        assertEquals(1, told().get(told().size() - 1).layers(), "once she is gone, bob's alone");
    }
}
