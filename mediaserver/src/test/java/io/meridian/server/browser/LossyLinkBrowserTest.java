package io.meridian.server.browser;

import io.meridian.netlab.Chromium;
import io.meridian.netlab.Direction;
import io.meridian.netlab.Download;
import io.meridian.netlab.Namespace;
import io.meridian.netlab.NetworkLab;
import io.meridian.router.MediaCounters;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.MeridianServer;
import io.meridian.server.NamespaceNodeMain;
import io.meridian.server.config.ConfigLoader;
import io.meridian.server.config.MeridianConfig;
import io.meridian.server.peer.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Chromium over a real, lossy network (ARCHITECTURE.md, "Testing across a real network"). Two nodes run in this
 * JVM on the lab's hub address: one as configured by default, one with {@code --retransmission-enabled false} (it
 * relays NACKs to the publisher and forwards the publisher's RTX). Publishers run headless Chromium in one network
 * namespace, subscribers in another, and call through the demo page: Alice and Bob through the first node, Alice-relay
 * and Bob-relay through the second. A link drops 5 % of its UDP one way at random; what users would see is read
 * from Chromium's {@code getStats()} and the nodes' counters.
 *
 * <p>Calls compared with each other run at the same time over the same links, so the browsers' share of a busy
 * machine (which freezes video too) is the same for both. A stretch is counted in frames the publisher encodes, not
 * in seconds, and nothing asserted is a duration.
 */
@ExtendWith(LeakGuard.class)
class LossyLinkBrowserTest {
    private static final int LOSS_PERCENT = 5;
    /** Frames each publisher encodes while a stretch is measured (20 s of the demo page's 15 per second). */
    private static final long STRETCH_FRAMES = 300;
    /** The subscribers must decode more video in each of these parts of a stretch. */
    private static final int PARTS = 4;
    /**
     * The publishers' downlink in the comparison: 1 Mbit/s with up to 1 s queued, kept near full by a download, so
     * a NACK relayed to a publisher waits about that long, as on a busy home link. (The node's counters then also
     * show the publishers' NACKs and PLIs for the subscribers' camera-off video that this queue drops.)
     */
    private static final long BUSY_KBIT = 1000;
    private static final Duration BUSY_QUEUE = Duration.ofMillis(1000);
    /** The publishers' narrowed uplink, and the estimate Alice's browser must fall under on it (the issue's). */
    private static final long NARROW_KBIT = 500;
    private static final Duration NARROW_QUEUE = Duration.ofMillis(200);
    private static final long NARROW_ESTIMATE = 600_000;
    /** The subscribers' narrowed downlink, and where the node's estimate of it must settle (the bounds). */
    private static final long SUBSCRIBER_KBIT = 600;
    private static final long SETTLED_LOW = 400_000;
    private static final long SETTLED_HIGH = 900_000;
    private static final int SETTLED_SAMPLES = 5;
    /** Deadlines only bound how long a broken build takes to fail. */
    private static final Duration JOIN_DEADLINE = Duration.ofSeconds(30);
    private static final Duration MEDIA_DEADLINE = Duration.ofSeconds(30);
    private static final Duration PART_DEADLINE = Duration.ofSeconds(60);
    private static final Duration LEAVE_DEADLINE = Duration.ofSeconds(15);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(300);

    private static final long STARTED = System.nanoTime();

    private static NetworkLab lab;
    private static MeridianServer node;
    private static MeridianServer relayNode;
    private static Namespace publishers;
    private static Namespace subscribers;
    private static final List<Chromium> BROWSERS = new ArrayList<>();
    private static final List<DemoPage> PAGES = new ArrayList<>();
    private static DemoPage alice;
    private static DemoPage bob;
    private static DemoPage aliceRelay;
    private static DemoPage bobRelay;
    private static DemoPage carol;

    @BeforeAll
    static void buildTheNetwork() throws Exception {
        DemoPage.requireChromium();
        List<String> missing = NetworkLab.missing(true);
        if (!missing.isEmpty()) {
            throw new AssertionError("The real-network browser tests need " + String.join(", ", missing)
                    + ". Run scripts/install-test-deps.sh as root and run the tests as root (./meridian test does).");
        }
        lab = NetworkLab.create("mt");
        node = startNode(true);
        relayNode = startNode(false);
        step("nodes: " + url(node) + " (retransmission), " + url(relayNode) + " (relaying NACKs)");
        List<String> secure = List.of(secureOrigins());
        publishers = lab.addNamespace("publishers");
        subscribers = lab.addNamespace("subscribers");
        alice = open("alice", publishers, secure);
        bob = open("bob", subscribers, secure);
        aliceRelay = open("alice-relay", publishers, secure);
        bobRelay = open("bob-relay", subscribers, secure);
    }

    @AfterAll
    static void removeEverything() {
        try {
            for (Chromium browser : BROWSERS) {
                browser.close();
            }
            BROWSERS.clear();
        } finally {
            try {
                for (MeridianServer server : Arrays.asList(node, relayNode)) {
                    if (server != null) {
                        server.close();
                    }
                }
            } finally {
                if (lab != null) {
                    lab.close();
                }
            }
        }
    }

    /**
     * The subscribers' downlink loses 5 %. Through the node that answers NACKs from its cache, Bob keeps decoding and
     * his losses are repaired by the node; and he freezes less often than Bob-relay, whose NACKs wait in the queue of
     * his publisher's busy downlink. (With no queue there, a relayed NACK is answered as fast as the node answers
     * one, and both subscribers' freezes are only the machine's noise: nothing to compare.)
     */
    @Test
    void theNodeRepairsASubscribersLossyLinkWithoutTheRoundTripToThePublisher() throws Exception {
        List<Stretch> stretches = measure(subscribers, Direction.DOWN, LossyLinkBrowserTest::busyPublishers,
                new Call("retransmission", node, alice, bob), new Call("relay", relayNode, aliceRelay, bobRelay));
        Stretch with = stretches.get(0);
        Stretch without = stretches.get(1);

        assertKeptDecoding(with);
        assertTrue(with.received().nackCount() > 0, "Bob sent no NACK although his link dropped "
                + with.linkDropped() + " packets: " + with);
        assertTrue(with.node().retransmissions() > 0, "the node retransmitted nothing to Bob: " + with);
        long freezes = with.received().freezeCount();
        long freezesWithout = without.received().freezeCount();
        // Fewer; or none at all, which is as good as it gets even if the relayed call did not freeze either.
        assertTrue(freezes < freezesWithout || freezes == 0, "Bob froze " + freezes + " times with the node's "
                + "retransmission, Bob-relay " + freezesWithout + " times without it:\n  " + with + "\n  " + without);
    }

    /**
     * Alice's uplink loses 5 %: the node asks her again for what it missed, and Bob, on a clean link, loses fewer
     * of her video packets than her link dropped.
     */
    @Test
    void theNodeRepairsAPublishersLossyLinkBeforeSubscribersSeeIt() throws Exception {
        Stretch stretch = measure(publishers, Direction.UP, () -> () -> { },
                new Call("publisher-loss", node, alice, bob)).get(0);

        assertKeptDecoding(stretch);
        assertTrue(stretch.node().upstreamNacks() > 0, "the node sent Alice no NACK: " + stretch);
        long linkLoses = stretch.sent().packetsSent() * LOSS_PERCENT / 100;
        assertTrue(stretch.received().videoPacketsLost() < linkLoses, "Bob lost "
                + stretch.received().videoPacketsLost() + " of Alice's video packets, no fewer than the "
                + LOSS_PERCENT + " % of the " + stretch.sent().packetsSent() + " she sent that her link loses: "
                + stretch);
    }

    /**
     * Carol's uplink narrows to 500 kbit/s: her own bandwidth estimator, fed by the node's transport-cc feedback,
     * falls under 600 kbit/s (first seen above it on the open link), and Bob keeps decoding her video.
     */
    @Test
    void aPublishersEstimatorFollowsItsNarrowUplinkThroughTheNodesFeedback() throws Exception {
        DemoPage carol = noisyPublisher();
        Call call = new Call("narrow-uplink", node, carol, bob);
        String conference = call.label() + "-" + Long.toHexString(System.nanoTime());
        try {
            carol.join(url(node), conference, carol.name());
            bob.join(url(node), conference, bob.name());
            String carolId = carol.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, LossyLinkBrowserTest::diagnostics);
            bob.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, LossyLinkBrowserTest::diagnostics);
            bob.clickCamera();
            bob.awaitMediaFrom(List.of(carolId), false, MEDIA_DEADLINE, POLL_INTERVAL,
                    LossyLinkBrowserTest::diagnostics);
            Poll.until("Carol's estimate grows past " + NARROW_ESTIMATE + " bit/s on the open link", MEDIA_DEADLINE,
                    POLL_INTERVAL, () -> {
                        long estimate = carol.availableOutgoingBitrate();
                        return estimate > NARROW_ESTIMATE ? null : "availableOutgoingBitrate " + estimate;
                    }, LossyLinkBrowserTest::diagnostics);
            step("Carol's estimate on the open link: " + carol.availableOutgoingBitrate() + " bit/s; her uplink now "
                    + NARROW_KBIT + " kbit/s");
            publishers.link().rate(Direction.UP, NARROW_KBIT, NARROW_QUEUE);
            try {
                long decodedBefore = receivedFrom(call, carolId).framesDecoded();
                Poll.until("Carol's estimate falls under " + NARROW_ESTIMATE + " bit/s", PART_DEADLINE,
                        POLL_INTERVAL, () -> {
                            long estimate = carol.availableOutgoingBitrate();
                            return estimate > 0 && estimate < NARROW_ESTIMATE ? null
                                    : "availableOutgoingBitrate " + estimate;
                        }, LossyLinkBrowserTest::diagnostics);
                step("Carol's estimate on the narrow link: " + carol.availableOutgoingBitrate() + " bit/s");
                long sentBefore = carol.outboundVideo().framesEncoded();
                Poll.until("Carol encodes " + STRETCH_FRAMES / PARTS + " more frames on the narrow link",
                        PART_DEADLINE, POLL_INTERVAL, () -> carol.outboundVideo().framesEncoded()
                                >= sentBefore + STRETCH_FRAMES / PARTS ? null : "not yet",
                        LossyLinkBrowserTest::diagnostics);
                long decoded = receivedFrom(call, carolId).framesDecoded();
                assertTrue(decoded > decodedBefore, "Bob decoded nothing of Carol's video on her narrow link: "
                        + decodedBefore + " then " + decoded);
                assertTrue(node.mediaCounters().transportFeedbacks() > 0, "the node sent no transport-cc feedback");
            } finally {
                publishers.link().unlimited(Direction.UP);
            }
        } finally {
            leave(call);
        }
    }

    /**
     * Bob's downlink narrows to 600 kbit/s while Carol's noise (more than that) reaches him through the node, which
     * cannot yet send him less: the node's own estimate of his path, from his transport-cc feedback, settles within
     * 400-900 kbit/s (several samples in a row), and Bob keeps decoding.
     */
    @Test
    void theNodesEstimateOfASubscribersNarrowDownlinkSettlesNearIt() throws Exception {
        DemoPage carol = noisyPublisher();
        Call call = new Call("narrow-downlink", node, carol, bob);
        String conference = call.label() + "-" + Long.toHexString(System.nanoTime());
        try {
            carol.join(url(node), conference, carol.name());
            bob.join(url(node), conference, bob.name());
            String carolId = carol.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, LossyLinkBrowserTest::diagnostics);
            String bobId = bob.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, LossyLinkBrowserTest::diagnostics);
            bob.clickCamera();
            bob.awaitMediaFrom(List.of(carolId), false, MEDIA_DEADLINE, POLL_INTERVAL,
                    LossyLinkBrowserTest::diagnostics);
            subscribers.link().rate(Direction.DOWN, SUBSCRIBER_KBIT, NARROW_QUEUE);
            try {
                long decodedBefore = receivedFrom(call, carolId).framesDecoded();
                int[] inRange = {0};
                List<Long> seen = new ArrayList<>();
                Poll.until("the node's estimate of Bob's downlink stays within " + SETTLED_LOW + "-" + SETTLED_HIGH
                        + " bit/s for " + SETTLED_SAMPLES + " samples", PART_DEADLINE, POLL_INTERVAL, () -> {
                            Long estimate = node.conferences().participant(conference, bobId).transport()
                                    .estimatedBitrate();
                            seen.add(estimate);
                            boolean in = estimate != null && estimate >= SETTLED_LOW && estimate <= SETTLED_HIGH;
                            inRange[0] = in ? inRange[0] + 1 : 0;
                            return inRange[0] >= SETTLED_SAMPLES ? null : "estimatedBitrate " + estimate + ", so far "
                                    + seen;
                        }, LossyLinkBrowserTest::diagnostics);
                step("the node's estimate of Bob's " + SUBSCRIBER_KBIT + " kbit/s downlink: " + node.conferences()
                        .participant(conference, bobId).transport().estimatedBitrate() + " bit/s");
                long decoded = receivedFrom(call, carolId).framesDecoded();
                assertTrue(decoded > decodedBefore, "Bob decoded nothing on his narrow link: " + decodedBefore
                        + " then " + decoded);
            } finally {
                subscribers.link().unlimited(Direction.DOWN);
            }
        } finally {
            leave(call);
        }
    }

    /**
     * Carol, a publisher whose fake camera films noise: the built-in test pattern needs about 250 kbit/s, so it would
     * never fill a narrow link, while noise takes whatever her encoder is allowed. Started once, for the tests that
     * need her.
     */
    private static DemoPage noisyPublisher() throws IOException {
        if (carol == null) {
            carol = open("carol", publishers, List.of(secureOrigins(),
                    "--use-file-for-fake-video-capture=" + NoiseVideo.write()));
        }
        return carol;
    }

    /** Network conditions besides the loss, applied for a stretch and lifted by closing what it returns. */
    private interface Conditions {
        AutoCloseable apply() throws IOException;
    }

    /** The publishers' downlink made slow and kept full by a download (see {@link #BUSY_QUEUE}). */
    private static AutoCloseable busyPublishers() throws IOException {
        publishers.link().rate(Direction.DOWN, BUSY_KBIT, BUSY_QUEUE);
        Download download;
        try {
            download = lab.startDownload(publishers);
        } catch (IOException | RuntimeException e) {
            publishers.link().unlimited(Direction.DOWN);
            throw e;
        }
        return () -> {
            download.close();
            publishers.link().unlimited(Direction.DOWN);
            step("the publishers' download got " + download.bytesSent() + " bytes through");
        };
    }

    /** A publisher and a subscriber in a conference of their own on {@code server}. */
    private record Call(String label, MeridianServer server, DemoPage publisher, DemoPage subscriber) {
    }

    /**
     * What happened in one call while its publisher encoded {@link #STRETCH_FRAMES} frames with the loss on: the
     * subscriber's reception of the publisher's video, the publisher's sending, the node's counters and the lossy
     * link's drops (all calls' together), each counted from the stretch's start; and the subscriber's framesDecoded
     * at its start and at the end of each part.
     */
    private record Stretch(String label, DemoPage.RemoteStats received, DemoPage.OutboundVideo sent,
                           NodeCounts node, long linkDropped, long decodedAtStart, List<Long> decodedAtParts) {
        @Override
        public String toString() {
            return label + ": subscriber received " + received + "; publisher sent " + sent + "; node " + node
                    + "; lossy link dropped " + linkDropped + "; subscriber's framesDecoded " + decodedAtStart
                    + " then " + decodedAtParts;
        }
    }

    /** A node's loss-recovery counters (summed over its media loops). */
    private record NodeCounts(long nacksReceived, long retransmissions, long cacheMisses, long upstreamNacks,
                              long repairs, long keyframeRequests) {
        static NodeCounts of(MeridianServer server) {
            MediaCounters c = server.mediaCounters();
            return new NodeCounts(c.nacksReceived(), c.retransmissions(), c.cacheMisses(), c.upstreamNacks(),
                    c.repairs(), c.keyframeRequests());
        }

        NodeCounts since(NodeCounts earlier) {
            return new NodeCounts(nacksReceived - earlier.nacksReceived, retransmissions - earlier.retransmissions,
                    cacheMisses - earlier.cacheMisses, upstreamNacks - earlier.upstreamNacks,
                    repairs - earlier.repairs, keyframeRequests - earlier.keyframeRequests);
        }
    }

    /**
     * Every call joins a new conference (the subscriber's camera off: it only watches); once each subscriber decodes
     * its publisher's video, {@code lossy}'s link drops {@link #LOSS_PERCENT} of its UDP going {@code direction},
     * and {@code conditions} apply, while each publisher encodes {@link #STRETCH_FRAMES} frames; then both are lifted
     * and everyone leaves.
     */
    private static List<Stretch> measure(Namespace lossy, Direction direction, Conditions conditions, Call... calls)
            throws Exception {
        List<String> publisherIds = new ArrayList<>();
        try {
            for (Call call : calls) {
                String conference = call.label() + "-" + Long.toHexString(System.nanoTime());
                call.publisher().join(url(call.server()), conference, call.publisher().name());
                call.subscriber().join(url(call.server()), conference, call.subscriber().name());
            }
            for (Call call : calls) {
                publisherIds.add(call.publisher().awaitJoined(JOIN_DEADLINE, POLL_INTERVAL,
                        LossyLinkBrowserTest::diagnostics));
                call.subscriber().awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, LossyLinkBrowserTest::diagnostics);
                call.subscriber().clickCamera();
            }
            for (int i = 0; i < calls.length; i++) {
                calls[i].subscriber().awaitMediaFrom(List.of(publisherIds.get(i)), false, MEDIA_DEADLINE,
                        POLL_INTERVAL, LossyLinkBrowserTest::diagnostics);
            }
            step(Arrays.stream(calls).map(Call::label).collect(Collectors.joining(", ")) + ": video flows; "
                    + lossy.role() + "' link now drops " + LOSS_PERCENT + " % " + direction);
            lossy.link().loss(direction, LOSS_PERCENT);
            try (AutoCloseable lifted = conditions.apply()) {
                return measureStretch(lossy, direction, calls, publisherIds);
            }
        } finally {
            lossy.link().loss(direction, 0);
            leave(calls);
        }
    }

    /** Every page of {@code calls} still in its call leaves it; a failure here is reported, not thrown over one. */
    private static void leave(Call... calls) {
        for (Call call : calls) {
            for (DemoPage page : List.of(call.publisher(), call.subscriber())) {
                try {
                    if ("joined".equals(page.phase())) {
                        page.leave(LEAVE_DEADLINE, POLL_INTERVAL, LossyLinkBrowserTest::diagnostics);
                    }
                } catch (RuntimeException | AssertionError e) {
                    step(page.name() + " could not leave: " + e);
                }
            }
        }
    }

    /** The stretch itself, the calls joined and the loss on: samples at its start, each part's end and its end. */
    private static List<Stretch> measureStretch(Namespace lossy, Direction direction, Call[] calls,
                                                List<String> publisherIds) throws IOException {
        long droppedBefore = lossy.link().dropped(direction);
        List<DemoPage.RemoteStats> receivedBefore = new ArrayList<>();
        List<DemoPage.OutboundVideo> sentBefore = new ArrayList<>();
        List<NodeCounts> nodeBefore = new ArrayList<>();
        List<List<Long>> decodedAtParts = new ArrayList<>();
        for (int i = 0; i < calls.length; i++) {
            receivedBefore.add(receivedFrom(calls[i], publisherIds.get(i)));
            sentBefore.add(calls[i].publisher().outboundVideo());
            nodeBefore.add(NodeCounts.of(calls[i].server()));
            decodedAtParts.add(new ArrayList<>());
        }
        for (int part = 1; part <= PARTS; part++) {
            for (int i = 0; i < calls.length; i++) {
                DemoPage publisher = calls[i].publisher();
                long encoded = sentBefore.get(i).framesEncoded() + STRETCH_FRAMES * part / PARTS;
                Poll.until(publisher.name() + " has encoded " + encoded + " frames", PART_DEADLINE,
                        POLL_INTERVAL, () -> {
                            long now = publisher.outboundVideo().framesEncoded();
                            return now >= encoded ? null : "framesEncoded " + now;
                        }, LossyLinkBrowserTest::diagnostics);
            }
            for (int i = 0; i < calls.length; i++) {
                decodedAtParts.get(i).add(receivedFrom(calls[i], publisherIds.get(i)).framesDecoded());
            }
        }
        long dropped = lossy.link().dropped(direction) - droppedBefore;
        List<Stretch> stretches = new ArrayList<>();
        for (int i = 0; i < calls.length; i++) {
            Stretch stretch = new Stretch(calls[i].label(),
                    receivedFrom(calls[i], publisherIds.get(i)).since(receivedBefore.get(i)),
                    calls[i].publisher().outboundVideo().since(sentBefore.get(i)),
                    NodeCounts.of(calls[i].server()).since(nodeBefore.get(i)), dropped,
                    receivedBefore.get(i).framesDecoded(), List.copyOf(decodedAtParts.get(i)));
            step(stretch.toString());
            stretches.add(stretch);
        }
        return stretches;
    }

    /** The subscriber decoded more video in every part of the stretch: it never stopped for a whole part. */
    private static void assertKeptDecoding(Stretch stretch) {
        long previous = stretch.decodedAtStart();
        for (int part = 0; part < stretch.decodedAtParts().size(); part++) {
            long decoded = stretch.decodedAtParts().get(part);
            assertTrue(decoded > previous, "the subscriber decoded no video in part " + (part + 1) + " of " + PARTS
                    + " of the stretch: " + stretch);
            previous = decoded;
        }
    }

    private static DemoPage.RemoteStats receivedFrom(Call call, String publisherId) {
        Map<String, DemoPage.RemoteStats> stats = call.subscriber().stats();
        DemoPage.RemoteStats row = stats.get(publisherId);
        if (row == null) {
            throw new AssertionError(call.subscriber().name() + " has no inbound-rtp from " + publisherId + ": "
                    + stats + "\n" + diagnostics());
        }
        return row;
    }

    private static MeridianServer startNode(boolean retransmission) throws Exception {
        MeridianConfig dev = ConfigLoader.load(List.of("--dev", "--http-port", "0", "--media-port", "0",
                "--retransmission-enabled", Boolean.toString(retransmission)), Map.of());
        return MeridianServer.start(NamespaceNodeMain.boundTo(dev, lab.hubAddress()));
    }

    /** A page from a lab address is no secure context, and getUserMedia wants one. */
    private static String secureOrigins() throws IOException {
        return "--unsafely-treat-insecure-origin-as-secure=" + origin(node) + "," + origin(relayNode);
    }

    private static String origin(MeridianServer server) throws IOException {
        return "http://" + lab.hubAddress() + ":" + server.httpPort();
    }

    private static String url(MeridianServer server) throws IOException {
        return origin(server) + "/";
    }

    private static DemoPage open(String name, Namespace where, List<String> arguments) throws IOException {
        Chromium browser = Chromium.launch(name, where, arguments);
        BROWSERS.add(browser);
        step("browser " + name + " started in " + where);
        DemoPage page = new DemoPage(browser, url(node));
        PAGES.add(page);
        return page;
    }

    private static void step(String what) {
        System.out.printf("[LossyLinkBrowserTest +%.1fs] %s%n", (System.nanoTime() - STARTED) / 1e9, what);
    }

    private static String diagnostics() {
        return PAGES.stream().map(DemoPage::diagnostics).collect(Collectors.joining())
                + lab.namespaces().stream().map(ns -> ns.link().describe()).collect(Collectors.joining("\n"));
    }
}
