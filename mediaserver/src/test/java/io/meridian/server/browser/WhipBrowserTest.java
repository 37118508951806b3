package io.meridian.server.browser;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.meridian.server.browser.BrowserLab.JOIN_DEADLINE;
import static io.meridian.server.browser.BrowserLab.MEDIA_DEADLINE;
import static io.meridian.server.browser.BrowserLab.POLL_INTERVAL;

/**
 * WHIP with a client written by others: the WHIP client of the npm package whip-whep (pinned, installed by
 * scripts/install-test-deps.sh) runs in a Chromium and publishes its camera and microphone into a conference with
 * {@code POST /v1/whip/{c}}; a Chromium participant of that conference, on the demo page, decodes the video and hears
 * the audio, and goes on doing so after the client restarts ICE (its PATCH with If-Match "*"). When the client stops
 * (its DELETE), the participant sees it leave.
 */
@ExtendWith(LeakGuard.class)
class WhipBrowserTest {
    /** Where install-test-deps.sh puts the npm packages the tests run (relative to this module). */
    static final Path NPM_PACKAGES = Path.of("..", "target", "test-npm", "node_modules");

    private static BrowserLab lab;
    private static DemoPage encoder;
    private static DemoPage viewer;

    @BeforeAll
    static void buildTheNetwork() throws Exception {
        lab = BrowserLab.start("WhipBrowserTest", "wh", false);
        encoder = lab.open("encoder", lab.publishers);
        viewer = lab.open("viewer", lab.subscribers);
    }

    @AfterAll
    static void removeEverything() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aWebEncoderPublishesByWhipAndAParticipantSeesAndHearsIt() throws IOException {
        String conference = "whip-" + Long.toHexString(System.nanoTime());
        try {
            viewer.joinWith(conference, "viewer");
            viewer.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            String session = encoder.publishByWhip(whipClient(), conference);
            String encoderId = session.substring(session.lastIndexOf('/') + 1);
            lab.step("whip-whep's client published; its session is " + session);

            viewer.awaitMediaFrom(List.of(encoderId), true, MEDIA_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            lab.step("the viewer decodes the WHIP publisher's video and hears its audio");

            String before = encoder.whipEtag();
            encoder.restartWhip();
            Poll.until("the client's ICE restart is answered (a new ETag)", MEDIA_DEADLINE, POLL_INTERVAL,
                    () -> !before.equals(encoder.whipEtag()) ? null : "ETag still " + before, lab::diagnostics);
            lab.step("ICE restarted by PATCH: " + before + " -> " + encoder.whipEtag());
            viewer.awaitMediaFrom(List.of(encoderId), true, MEDIA_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            lab.step("the viewer still decodes and hears it");

            encoder.stopWhip();
            Poll.until("the WHIP publisher leaves the viewer's page", MEDIA_DEADLINE, POLL_INTERVAL,
                    () -> !viewer.stats().containsKey(encoderId) ? null : "its tile is still there",
                    lab::diagnostics);
            lab.step("the client's DELETE ended its session");
        } finally {
            lab.leave(List.of(viewer));
        }
    }

    /** whip-whep's whip.js; fails with what to run when the package is missing. */
    private static String whipClient() throws IOException {
        Path file = NPM_PACKAGES.resolve("whip-whep").resolve("whip.js");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("The WHIP browser test needs the npm package whip-whep at "
                    + file.toAbsolutePath().normalize() + ". Run scripts/install-test-deps.sh and the tests again.");
        }
        return Files.readString(file);
    }
}
