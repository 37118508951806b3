package io.meridian.router;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which layer a simulcast receiver gets: its wishes, its downlink estimate against the layers' measured rates and what
 * else it is sent, and a step up first proven on a padded path.
 */
class SimulcastLayerChoiceTest extends SimulcastFixture {
    @Test
    void theDownlinkEstimateChoosesTheHighestLayerThatFits() {
        long[] rates = measureTheLayers();
        SimulcastSelector selector = selector();
        bob.leg.bandwidthEstimated(rates[0] * 2);
        h.conference.tick();
        assertEquals(0, selector.target(), "only what fits");
        bob.leg.bandwidthEstimated(rates[2] * 6 / 5);
        roundsFor(PROOF_NANOS + 3 * ROUND_NANOS);
        assertEquals(1, selector.target(), "one step up, proven");
        roundsFor(PROOF_NANOS + 3 * ROUND_NANOS);
        assertEquals(2, selector.target(), "all the room there is");
        h.conference.constrain(bob.leg, ANCHOR, 2, 360, false);
        h.conference.tick();
        assertEquals(1, selector.target(), "no taller than the receiver asked: 360 lines, the middle layer");
        h.conference.constrain(bob.leg, ANCHOR, 2, 0, true);
        h.conference.tick();
        assertEquals(SimulcastSelector.NONE, selector.target(), "paused");
        assertFalse(selector.allows(0));
    }

    @Test
    void otherMediaTheReceiverGetsCountsAgainstItsEstimate() {
        RouterHarness.Peer carol = h.peer("carol");
        int carolVideo = 0x0C0C0C0C;
        assertTrue(h.conference.publish(carol.leg, new PublishedTrackSpec("c", TrackKind.VIDEO, carolVideo, 0)));
        assertTrue(h.conference.subscribe(bob.leg, carolVideo, TrackMaps.identity()));
        int seq = 0;
        for (int i = 0; i < 40; i++) { // 1.3 s: the layers measured, and bob sent carol's video at the middle's rate
            round(i == 0);
            for (int k = 0; k < 3; k++) {
                carol.sendRtp(carolVideo, seq++, 96, SIZES[1]);
            }
            h.conference.tick();
        }
        long[] rates = rates();
        bob.leg.bandwidthEstimated(rates[0] + rates[1] * 11 / 10); // the two low layers' worth, no more
        h.conference.tick();
        assertEquals(0, selector().target(), "carol's video takes the middle layer's room");
    }

    @Test
    void aReceiverThatShowsTheTrackSmallerThanItsLowestLayerGetsTheLowest() {
        measureTheLayers();
        bob.leg.bandwidthEstimated(10_000_000);
        h.conference.constrain(bob.leg, ANCHOR, 2, HEIGHTS[0] / 2, false);
        h.conference.tick();
        assertEquals(0, selector().target(), "no layer is as small as asked: the smallest");
        int before = media().size();
        round(true);
        assertEquals(List.of(0, 0, 0), media().subList(before, media().size()).stream()
                .map(SimulcastFixture::layerOf).toList());
    }

    @Test
    void aNewReceiverStartsOnTheLowestLayerAndStaysWhereItsFirstEstimateHasRoomForNoMore() {
        assertEquals(300_000, bob.leg.estimatedBps(), "before any feedback: where its estimator starts");
        for (int i = 0; i < 40; i++) { // key frames of every layer together, as Chromium sends them when asked
            round(i % 10 == 0);
            h.conference.tick();
        }
        assertEquals(0, selector().target(), "300 kbit/s: room for the low layer (144 kbit/s) only");
        List<Integer> layers = media().stream().map(SimulcastFixture::layerOf).distinct().toList();
        assertEquals(List.of(0), layers, "never a key frame of a higher layer first, whatever comes first");
    }

    @Test
    void aLayerThatHasJustStartedIsNoStepUpUntilItsBitrateIsMeasured() {
        bob.leg.paddable(false); // steps up are taken at once, as for a receiver another loop sends to
        bob.leg.bandwidthEstimated(10_000_000);
        for (int i = 0; i < 40; i++) { // the publisher sends its two lower layers only
            round(i == 0, 2);
            h.conference.tick();
        }
        assertEquals(1, selector().target(), "the highest layer sent");
        round(false);
        h.conference.tick();
        assertEquals(1, selector().target(), "the top layer has just started: its bitrate is not known yet");
        roundsFor(SimulcastSource.RATE_WINDOW_NANOS + 3 * ROUND_NANOS);
        assertEquals(2, selector().target(), "measured, and there is room for it");
    }

    /**
     * libwebrtc drops its top layer at once when its uplink estimate falls, while its lower layers go on: a receiver
     * on the top layer is switched down (asked a key frame of the middle layer) well within a second, not only once
     * the top layer has been silent long enough to count as stopped on its own.
     */
    @Test
    void aLayerThePublisherStopsWhileItsOthersGoOnIsLeftWithinHalfASecond() {
        bob.leg.paddable(false);
        bob.leg.bandwidthEstimated(10_000_000);
        measureTheLayers();
        round(true);
        h.conference.tick();
        assertEquals(2, selector().current(), "bob is on the top layer");
        int plis = alice.rtcpOfType(io.meridian.rtp.RtcpPacket.PSFB, io.meridian.rtp.RtcpPacket.FMT_PLI).size();
        long stopped = h.now;
        while (h.now - stopped < SimulcastSource.OVERTAKEN_NANOS + ROUND_NANOS) { // the top layer stopped
            round(false, 2);
            h.conference.tick();
        }
        assertTrue(SimulcastSource.OVERTAKEN_NANOS + ROUND_NANOS < SimulcastSource.STOPPED_NANOS);
        assertEquals(1, selector().target(), "the middle layer, the highest still sent");
        var asked = alice.rtcpOfType(io.meridian.rtp.RtcpPacket.PSFB, io.meridian.rtp.RtcpPacket.FMT_PLI);
        assertEquals(SSRCS[1], io.meridian.rtp.RtcpPacket.mediaSsrc(asked.get(asked.size() - 1), 0),
                "a key frame of the middle layer asked for: " + (asked.size() - plis) + " PLIs");
        int before = media().size();
        round(true, 2);
        assertEquals(List.of(1, 1, 1), media().subList(before, media().size()).stream()
                .map(SimulcastFixture::layerOf).toList(), "switched at the middle layer's key frame");
    }

    @Test
    void aStepUpIsTakenOnceThePathHasBeenPaddedToItsRateForAWhile() {
        long[] rates = measureTheLayers();
        bob.leg.bandwidthEstimated(rates[1] * 3 / 2); // room for the middle layer, not the top
        int resentBefore = rtx().size();
        long start = h.now;
        roundsFor(PROOF_NANOS - 3 * ROUND_NANOS);
        assertEquals(0, selector().target(), "not proven yet");
        long[] now = rates();
        long padding = (long) (now[1] * UP_HEADROOM) - now[0];
        assertEquals(padding, bob.leg.paddingBps(), "the middle layer and its headroom, less what is sent");
        long padded = rtx().subList(resentBefore, rtx().size()).stream().mapToLong(p -> p.length).sum();
        long expected = padding * (h.now - start) / 8 / 1_000_000_000L;
        assertTrue(padded > expected * 8 / 10 && padded < expected * 13 / 10, "padded " + padded + " bytes of the "
                + expected + " asked for");
        roundsFor(6 * ROUND_NANOS);
        assertEquals(1, selector().target(), "proven: the path carried it with its estimate above it throughout");
        assertEquals(0, bob.leg.paddingBps(), "nothing more to prove: the top layer does not fit");
    }

    @Test
    void aStepUpWhoseEstimateFallsWhileThePathIsPaddedStartsItsProofOver() {
        long[] rates = measureTheLayers();
        bob.leg.bandwidthEstimated(rates[1] * 3 / 2);
        roundsFor(PROOF_NANOS * 3 / 4);
        assertTrue(bob.leg.paddingBps() > 0, "padded while it is proven");
        bob.leg.bandwidthEstimated(rates[0] * 2); // the padded path's queue grew: its estimate fell
        round(false);
        h.conference.tick();
        assertEquals(0, bob.leg.paddingBps(), "no room for the step now: no padding");
        bob.leg.bandwidthEstimated(rates[1] * 3 / 2);
        roundsFor(PROOF_NANOS * 3 / 4);
        assertEquals(0, selector().target(), "the proof started over when the estimate came back");
        roundsFor(PROOF_NANOS / 4 + 3 * ROUND_NANOS);
        assertEquals(1, selector().target());
    }
}
