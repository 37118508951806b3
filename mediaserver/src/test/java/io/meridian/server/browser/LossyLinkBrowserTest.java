package io.meridian.server.browser;

import io.meridian.netlab.Direction;
import io.meridian.netlab.Download;
import io.meridian.netlab.Namespace;
import io.meridian.netlab.NetworkLab;
import io.meridian.router.MediaCounters;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.MeridianServer;
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
import java.util.stream.Collectors;

import static io.meridian.server.browser.BrowserLab.JOIN_DEADLINE;
import static io.meridian.server.browser.BrowserLab.MEDIA_DEADLINE;
import static io.meridian.server.browser.BrowserLab.PART_DEADLINE;
import static io.meridian.server.browser.BrowserLab.POLL_INTERVAL;
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
    private static BrowserLab lab;
    private static DemoPage alice;
    private static DemoPage bob;
    private static DemoPage aliceRelay;
    private static DemoPage bobRelay;

    @BeforeAll
    static void buildTheNetwork() throws Exception {
        lab = BrowserLab.start("LossyLinkBrowserTest", "mt", true);
        alice = lab.open("alice", lab.publishers);
        bob = lab.open("bob", lab.subscribers);
        aliceRelay = lab.open("alice-relay", lab.publishers);
        bobRelay = lab.open("bob-relay", lab.subscribers);
    }

    @AfterAll
    static void removeEverything() {
        if (lab != null) {
            lab.close();
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
        List<Stretch> stretches = measure(lab.subscribers, Direction.DOWN, LossyLinkBrowserTest::busyPublishers,
                new Call("retransmission", lab.node, alice, bob), new Call("relay", lab.relayNode, aliceRelay, bobRelay));
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
        Stretch stretch = measure(lab.publishers, Direction.UP, () -> () -> { },
                new Call("publisher-loss", lab.node, alice, bob)).get(0);

        assertKeptDecoding(stretch);
        assertTrue(stretch.node().upstreamNacks() > 0, "the node sent Alice no NACK: " + stretch);
        long linkLoses = stretch.sent().packetsSent() * LOSS_PERCENT / 100;
        assertTrue(stretch.received().videoPacketsLost() < linkLoses, "Bob lost "
                + stretch.received().videoPacketsLost() + " of Alice's video packets, no fewer than the "
                + LOSS_PERCENT + " % of the " + stretch.sent().packetsSent() + " she sent that her link loses: "
                + stretch);
    }

    /** Network conditions besides the loss, applied for a stretch and lifted by closing what it returns. */
    private interface Conditions {
        AutoCloseable apply() throws IOException;
    }

    /** The publishers' downlink made slow and kept full by a download (see {@link #BUSY_QUEUE}). */
    private static AutoCloseable busyPublishers() throws IOException {
        lab.publishers.link().rate(Direction.DOWN, BUSY_KBIT, BUSY_QUEUE);
        Download download;
        try {
            download = lab.network().startDownload(lab.publishers);
        } catch (IOException | RuntimeException e) {
            lab.publishers.link().unlimited(Direction.DOWN);
            throw e;
        }
        return () -> {
            download.close();
            lab.publishers.link().unlimited(Direction.DOWN);
            lab.step("the publishers' download got " + download.bytesSent() + " bytes through");
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
                call.publisher().join(lab.url(call.server()), conference, call.publisher().name());
                call.subscriber().join(lab.url(call.server()), conference, call.subscriber().name());
            }
            for (Call call : calls) {
                publisherIds.add(call.publisher().awaitJoined(JOIN_DEADLINE, POLL_INTERVAL,
                        lab::diagnostics));
                call.subscriber().awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, lab::diagnostics);
                call.subscriber().clickCamera();
            }
            for (int i = 0; i < calls.length; i++) {
                calls[i].subscriber().awaitMediaFrom(List.of(publisherIds.get(i)), false, MEDIA_DEADLINE,
                        POLL_INTERVAL, lab::diagnostics);
            }
            lab.step(Arrays.stream(calls).map(Call::label).collect(Collectors.joining(", ")) + ": video flows; "
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

    /** Every page of {@code calls} still in its call leaves it. */
    private static void leave(Call... calls) {
        lab.leave(Arrays.stream(calls).flatMap(c -> java.util.stream.Stream.of(c.publisher(), c.subscriber())).toList());
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
                        }, lab::diagnostics);
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
            lab.step(stretch.toString());
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
        return lab.receivedFrom(call.subscriber(), publisherId);
    }
}
