package io.meridian.server.browser;

import io.meridian.netlab.Direction;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.meridian.server.browser.BrowserLab.JOIN_DEADLINE;
import static io.meridian.server.browser.BrowserLab.MEDIA_DEADLINE;
import static io.meridian.server.browser.BrowserLab.PART_DEADLINE;
import static io.meridian.server.browser.BrowserLab.POLL_INTERVAL;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Chromium over a narrowed link (tc tbf): bandwidth estimation through the node, and the node's probes. Carol publishes noise from the
 * publishers' namespace (so her encoder fills whatever it is allowed), Bob watches from the subscribers'. Estimates
 * are read from Chromium's {@code getStats()} and the node's operator view; nothing asserted is a duration.
 */
@ExtendWith(LeakGuard.class)
class NarrowLinkBrowserTest {
    /** A narrowed link's queue, as a home router's: it gives the delay growth a delay-based estimator reacts to. */
    private static final Duration QUEUE = Duration.ofMillis(200);
    /** The publishers' narrowed uplink, and the estimate Carol's browser must fall under on it (the issue's). */
    private static final long UPLINK_KBIT = 500;
    private static final long UPLINK_ESTIMATE = 600_000;
    /** The subscribers' narrowed downlink, and where the node's estimate of it must settle (the bounds). */
    private static final long DOWNLINK_KBIT = 600;
    private static final long SETTLED_LOW = 400_000;
    private static final long SETTLED_HIGH = 900_000;
    private static final int SETTLED_SAMPLES = 5;
    /** Bob's downlink when the node probes it, and the estimate probes must find while Carol sends 500 kbit/s. */
    private static final long WIDE_DOWNLINK_KBIT = 3000;
    private static final long PROBED_ESTIMATE = 1_500_000;
    /** Frames Carol encodes on a narrowed link while Bob must keep decoding. */
    private static final long FRAMES = 75;

    private static BrowserLab lab;
    private static DemoPage carol;
    private static DemoPage bob;

    @BeforeAll
    static void buildTheNetwork() throws Exception {
        lab = BrowserLab.start("NarrowLinkBrowserTest", "nt", false);
        carol = lab.openNoisy("carol", lab.publishers);
        bob = lab.open("bob", lab.subscribers);
    }

    @AfterAll
    static void removeEverything() {
        if (lab != null) {
            lab.close();
        }
    }

    /**
     * Carol's uplink narrows to 500 kbit/s: her own bandwidth estimator, fed by the node's transport-cc feedback,
     * falls under 600 kbit/s (first seen above it on the open link), and Bob keeps decoding her video.
     */
    @Test
    void aPublishersEstimatorFollowsItsNarrowUplinkThroughTheNodesFeedback() throws Exception {
        try {
            String carolId = call("narrow-uplink-" + Long.toHexString(System.nanoTime()));
            Poll.until("Carol's estimate grows past " + UPLINK_ESTIMATE + " bit/s on the open link", MEDIA_DEADLINE,
                    POLL_INTERVAL, () -> {
                        long estimate = carol.availableOutgoingBitrate();
                        return estimate > UPLINK_ESTIMATE ? null : "availableOutgoingBitrate " + estimate;
                    }, lab::diagnostics);
            lab.step("Carol's estimate on the open link: " + carol.availableOutgoingBitrate() + " bit/s; her uplink "
                    + "now " + UPLINK_KBIT + " kbit/s");
            lab.publishers.link().rate(Direction.UP, UPLINK_KBIT, QUEUE);
            try {
                long decodedBefore = lab.receivedFrom(bob, carolId).framesDecoded();
                Poll.until("Carol's estimate falls under " + UPLINK_ESTIMATE + " bit/s", PART_DEADLINE, POLL_INTERVAL,
                        () -> {
                            long estimate = carol.availableOutgoingBitrate();
                            return estimate > 0 && estimate < UPLINK_ESTIMATE ? null
                                    : "availableOutgoingBitrate " + estimate;
                        }, lab::diagnostics);
                lab.step("Carol's estimate on the narrow link: " + carol.availableOutgoingBitrate() + " bit/s");
                awaitEncoded(FRAMES);
                long decoded = lab.receivedFrom(bob, carolId).framesDecoded();
                assertTrue(decoded > decodedBefore, "Bob decoded nothing of Carol's video on her narrow link: "
                        + decodedBefore + " then " + decoded);
                assertTrue(lab.node.mediaCounters().transportFeedbacks() > 0, "the node sent no transport-cc feedback");
            } finally {
                lab.publishers.link().unlimited(Direction.UP);
            }
        } finally {
            lab.leave(List.of(carol, bob));
        }
    }

    /**
     * Bob's downlink narrows to 600 kbit/s while Carol's noise (more than that) reaches him through the node, which
     * cannot yet send him less: the node's own estimate of his path, from his transport-cc feedback, settles within
     * 400-900 kbit/s (several samples in a row), and Bob keeps decoding.
     */
    @Test
    void theNodesEstimateOfASubscribersNarrowDownlinkSettlesNearIt() throws Exception {
        String conference = "narrow-downlink-" + Long.toHexString(System.nanoTime());
        try {
            String carolId = call(conference);
            String bobId = bob.participantId();
            lab.subscribers.link().rate(Direction.DOWN, DOWNLINK_KBIT, QUEUE);
            try {
                long decodedBefore = lab.receivedFrom(bob, carolId).framesDecoded();
                int[] inRange = {0};
                List<Long> seen = new ArrayList<>();
                Poll.until("the node's estimate of Bob's downlink stays within " + SETTLED_LOW + "-" + SETTLED_HIGH
                        + " bit/s for " + SETTLED_SAMPLES + " samples", PART_DEADLINE, POLL_INTERVAL, () -> {
                            Long estimate = estimateOf(conference, bobId);
                            seen.add(estimate);
                            boolean in = estimate != null && estimate >= SETTLED_LOW && estimate <= SETTLED_HIGH;
                            inRange[0] = in ? inRange[0] + 1 : 0;
                            return inRange[0] >= SETTLED_SAMPLES ? null : "estimatedBitrate " + estimate + ", so far "
                                    + seen;
                        }, lab::diagnostics);
                lab.step("the node's estimate of Bob's " + DOWNLINK_KBIT + " kbit/s downlink: "
                        + estimateOf(conference, bobId) + " bit/s");
                long decoded = lab.receivedFrom(bob, carolId).framesDecoded();
                assertTrue(decoded > decodedBefore, "Bob decoded nothing on his narrow link: " + decodedBefore
                        + " then " + decoded);
            } finally {
                lab.subscribers.link().unlimited(Direction.DOWN);
            }
        } finally {
            lab.leave(List.of(carol, bob));
        }
    }

    /**
     * Carol's uplink narrows to 500 kbit/s, so Bob is forwarded about that much, on a 3 Mbit/s downlink: what he is
     * sent alone would keep the node's estimate under 1.5 times it (growth stops there), but the node's probes (bursts
     * of cached video resent as RTX) show his path carries more, and the estimate passes 1.5 Mbit/s. (Not bounded
     * by the 3 Mbit/s from above: tbf lets a full bucket of 15 kB through at once, so a burst shorter than that
     * proves whatever it was sent at; what the node then sends more is what tells it the limit.)
     */
    @Test
    void theNodesProbesFindASubscribersDownlinkIsWiderThanWhatHeIsSent() throws Exception {
        String conference = "probed-downlink-" + Long.toHexString(System.nanoTime());
        // Shaped before the call: on the open link the first probes would find far more.
        lab.publishers.link().rate(Direction.UP, UPLINK_KBIT, QUEUE);
        lab.subscribers.link().rate(Direction.DOWN, WIDE_DOWNLINK_KBIT, QUEUE);
        try {
            long probesBefore = lab.node.mediaCounters().probePackets();
            String carolId = call(conference);
            String bobId = bob.participantId();
            try {
                List<Long> seen = new ArrayList<>();
                Poll.until("the node's estimate of Bob's downlink passes " + PROBED_ESTIMATE + " bit/s",
                        PART_DEADLINE, POLL_INTERVAL, () -> {
                            Long estimate = estimateOf(conference, bobId);
                            seen.add(estimate);
                            return estimate != null && estimate > PROBED_ESTIMATE ? null
                                    : "estimatedBitrate " + estimate + ", so far " + seen;
                        }, lab::diagnostics);
                lab.step("the node's estimate of Bob's " + WIDE_DOWNLINK_KBIT + " kbit/s downlink with Carol at "
                        + UPLINK_KBIT + " kbit/s: " + estimateOf(conference, bobId) + " bit/s, after " + seen);
                assertTrue(lab.node.mediaCounters().probePackets() > probesBefore, "the node sent no probe");
                long decoded = lab.receivedFrom(bob, carolId).framesDecoded();
                awaitEncoded(FRAMES);
                assertTrue(lab.receivedFrom(bob, carolId).framesDecoded() > decoded,
                        "Bob stopped decoding while probed");
            } finally {
                lab.leave(List.of(carol, bob));
            }
        } finally {
            lab.publishers.link().unlimited(Direction.UP);
            lab.subscribers.link().unlimited(Direction.DOWN);
        }
    }

    /** Carol and Bob (camera off: he only watches) join {@code conference}; returns Carol's id once Bob sees her. */
    private static String call(String conference) {
        carol.join(lab.url(lab.node), conference, carol.name());
        bob.join(lab.url(lab.node), conference, bob.name());
        String carolId = carol.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, lab::diagnostics);
        bob.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, lab::diagnostics);
        bob.clickCamera();
        bob.awaitMediaFrom(List.of(carolId), false, MEDIA_DEADLINE, POLL_INTERVAL, lab::diagnostics);
        return carolId;
    }

    private static Long estimateOf(String conference, String participantId) {
        return lab.node.conferences().participant(conference, participantId).transport().estimatedBitrate();
    }

    private static void awaitEncoded(long frames) {
        long before = carol.outboundVideo().framesEncoded();
        Poll.until("Carol encodes " + frames + " more frames", PART_DEADLINE, POLL_INTERVAL,
                () -> carol.outboundVideo().framesEncoded() >= before + frames ? null : "not yet", lab::diagnostics);
    }
}
