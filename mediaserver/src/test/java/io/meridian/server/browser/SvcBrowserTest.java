package io.meridian.server.browser;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.meridian.server.browser.BrowserLab.JOIN_DEADLINE;
import static io.meridian.server.browser.BrowserLab.MEDIA_DEADLINE;
import static io.meridian.server.browser.BrowserLab.PART_DEADLINE;
import static io.meridian.server.browser.BrowserLab.POLL_INTERVAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Chromium publishing one scalable stream through the node (the demo page's {@code ?svc=L3T3_KEY&codec=...}):
 * Alice's fake camera at 1280x720 in three spatial layers (320x180, 640x360, 1280x720) and three temporal layers, in
 * one SSRC. Bob asks for nothing and decodes the top layer; Carol asks for at most 180 lines and decodes the lowest,
 * from the same stream, the node leaving out the layers above hers. Both keep decoding. Frame sizes come from
 * Chromium's {@code getStats()}.
 */
@ExtendWith(LeakGuard.class)
class SvcBrowserTest {
    private static final String LOW = "320x180";
    private static final String TOP = "1280x720";
    private static final int LOW_HEIGHT = 180;
    /** Frames Alice encodes while both must stay on their sizes and keep decoding (about 10 s at 30 a second). */
    private static final long STRETCH_FRAMES = 300;

    private static BrowserLab lab;
    private static DemoPage alice;
    private static DemoPage bob;
    private static DemoPage carol;

    @BeforeAll
    static void buildTheNetwork() throws Exception {
        lab = BrowserLab.start("SvcBrowserTest", "svc", false);
        alice = lab.open("alice", lab.publishers);
        bob = lab.open("bob", lab.subscribers);
        carol = lab.open("carol", lab.subscribers);
    }

    @AfterAll
    static void removeEverything() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void vp9L3T3KeyReceiversGetTheSpatialLayersTheyAskFor() {
        eachReceiverDecodesItsLayers("VP9");
    }

    @Test
    void av1L3T3KeyReceiversGetTheSpatialLayersTheyAskFor() {
        eachReceiverDecodesItsLayers("AV1");
    }

    private void eachReceiverDecodesItsLayers(String codec) {
        String conference = "svc-" + codec.toLowerCase() + "-" + Long.toHexString(System.nanoTime());
        List<DemoPage> everyone = List.of(alice, bob, carol);
        try {
            alice.joinWith(conference, alice.name(), "svc=L3T3_KEY", "codec=" + codec);
            String aliceId = alice.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            for (DemoPage page : List.of(bob, carol)) {
                page.joinWith(conference, page.name(), "fitTiles=0");
            }
            for (DemoPage page : List.of(bob, carol)) {
                page.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, lab::diagnostics);
                page.clickCamera();
                page.awaitMediaFrom(List.of(aliceId), false, MEDIA_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            }
            Poll.until("Carol's page knows Alice's video track", MEDIA_DEADLINE, POLL_INTERVAL,
                    () -> carol.receiveVideo(aliceId, LOW_HEIGHT) ? null : "no video track of Alice's yet",
                    lab::diagnostics);
            lab.step("Carol asked for Alice's " + codec + " video at most " + LOW_HEIGHT + " high");
            Map<DemoPage, String> expected = Map.of(bob, TOP, carol, LOW);
            List<String> seen = new ArrayList<>();
            Poll.until("Bob decodes " + TOP + " and Carol " + LOW, PART_DEADLINE, POLL_INTERVAL, () -> {
                String wrong = wrongSizes(aliceId, expected);
                seen.add(wrong);
                return wrong.isEmpty() ? null : wrong;
            }, lab::diagnostics);
            DemoPage.OutboundVideo sent = alice.outboundVideo();
            assertEquals(List.of(1L, "video/" + codec, "L3T3_KEY"),
                    List.of(sent.encodings(), sent.mimeType(), sent.scalabilityMode()),
                    "Alice sends one scalable stream");
            lab.step("Bob decodes " + TOP + " and Carol " + LOW + " of one " + codec + " stream");
            long bobBefore = lab.receivedFrom(bob, aliceId).framesDecoded();
            long carolBefore = lab.receivedFrom(carol, aliceId).framesDecoded();
            long target = alice.outboundVideo().framesEncoded() + STRETCH_FRAMES;
            Poll.until("Alice encodes " + STRETCH_FRAMES + " more frames", PART_DEADLINE, POLL_INTERVAL, () -> {
                String wrong = wrongSizes(aliceId, expected);
                assertTrue(wrong.isEmpty(), "while both receive: " + wrong);
                long encoded = alice.outboundVideo().framesEncoded();
                return encoded >= target ? null : "encoded " + encoded + " of " + target;
            }, lab::diagnostics);
            assertTrue(lab.receivedFrom(bob, aliceId).framesDecoded() > bobBefore, "Bob kept decoding");
            assertTrue(lab.receivedFrom(carol, aliceId).framesDecoded() > carolBefore, "Carol kept decoding");
        } finally {
            lab.leave(everyone);
        }
    }

    private static String wrongSizes(String aliceId, Map<DemoPage, String> expected) {
        StringBuilder wrong = new StringBuilder();
        expected.forEach((page, size) -> {
            String got = lab.receivedFrom(page, aliceId).frameSize();
            if (!got.equals(size)) {
                wrong.append(wrong.length() == 0 ? "" : "; ").append(page.name()).append(" decodes ").append(got)
                        .append(", not ").append(size);
            }
        });
        return wrong.toString();
    }
}
