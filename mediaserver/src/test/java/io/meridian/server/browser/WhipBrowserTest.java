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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WHIP with a client written by others: the WHIP client of the npm package whip-whep (pinned, installed by
 * scripts/install-test-deps.sh) runs in a Chromium and publishes its camera and microphone into a conference with
 * {@code POST /v1/whip/{c}}; a Chromium participant of that conference, on the demo page, decodes the video and hears
 * the audio, and goes on doing so after the client restarts ICE (its PATCH with If-Match "*"). When the client stops
 * (its DELETE), the participant sees it leave. whip-whep's WHEP client, in a third Chromium, plays such a conference
 * with {@code POST /v1/whep/{c}}.
 */
@ExtendWith(LeakGuard.class)
class WhipBrowserTest {
    /** Where install-test-deps.sh puts the npm packages the tests run (relative to this module). */
    static final Path NPM_PACKAGES = Path.of("..", "target", "test-npm", "node_modules");

    private static BrowserLab lab;
    private static DemoPage encoder;
    private static DemoPage viewer;
    private static DemoPage player;
    /** The WHIP client in the encoder's browser, the WHEP client in the player's. */
    private static WhipWhepClients encoderClients;
    private static WhipWhepClients playerClients;

    @BeforeAll
    static void buildTheNetwork() throws Exception {
        lab = BrowserLab.start("WhipBrowserTest", "wh", false);
        encoder = lab.open("encoder", lab.publishers);
        viewer = lab.open("viewer", lab.subscribers);
        player = lab.open("player", lab.subscribers);
        encoderClients = new WhipWhepClients(encoder);
        playerClients = new WhipWhepClients(player);
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
            String session = encoderClients.publishByWhip(whipClient(), conference);
            String encoderId = session.substring(session.lastIndexOf('/') + 1);
            lab.step("whip-whep's client published; its session is " + session);

            viewer.awaitMediaFrom(List.of(encoderId), true, MEDIA_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            lab.step("the viewer decodes the WHIP publisher's video and hears its audio");

            String before = encoderClients.whipEtag();
            encoderClients.restartWhip();
            Poll.until("the client's ICE restart is answered (a new ETag)", MEDIA_DEADLINE, POLL_INTERVAL,
                    () -> !before.equals(encoderClients.whipEtag()) ? null : "ETag still " + before, lab::diagnostics);
            lab.step("ICE restarted by PATCH: " + before + " -> " + encoderClients.whipEtag());
            viewer.awaitMediaFrom(List.of(encoderId), true, MEDIA_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            lab.step("the viewer still decodes and hears it");

            encoderClients.stopWhip();
            Poll.until("the WHIP publisher leaves the viewer's page", MEDIA_DEADLINE, POLL_INTERVAL,
                    () -> !viewer.stats().containsKey(encoderId) ? null : "its tile is still there",
                    lab::diagnostics);
            lab.step("the client's DELETE ended its session");
        } finally {
            lab.leave(List.of(viewer));
        }
    }

    /**
     * WHEP with whip-whep's client: a player with a receive-only audio and video transceiver plays a conference of a
     * demo-page participant and a WHIP publisher. Asking for no one, it decodes the video and hears the audio of one
     * of them (the dominant speaker, or the first who sends video), both from the same participant; asking for the
     * other ({@code ?participant=}), it decodes and hears that one. Its DELETE ends each session.
     */
    @Test
    void aPlayerPlaysTheConferenceByWhep() throws IOException {
        String conference = "whep-" + Long.toHexString(System.nanoTime());
        try {
            viewer.joinWith(conference, "viewer");
            String viewerId = viewer.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            String session = encoderClients.publishByWhip(whipClient(), conference);
            String encoderId = session.substring(session.lastIndexOf('/') + 1);
            viewer.awaitMediaFrom(List.of(encoderId), true, MEDIA_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            lab.step("a demo-page participant and a WHIP publisher in " + conference);

            String first = play(conference, null);
            assertTrue(List.of(viewerId, encoderId).contains(first), first + " is one of the conference's");
            String other = first.equals(viewerId) ? encoderId : viewerId;
            assertEquals(other, play(conference, other), "?participant= names whom the player gets");
            encoderClients.stopWhip();
        } finally {
            lab.leave(List.of(viewer));
        }
    }

    /**
     * The player plays {@code conference} (the {@code participant} named, or null), decodes more and more frames of
     * a video and hears audio, both from one participant, whose id it returns; then its DELETE ends the session.
     */
    private static String play(String conference, String participant) throws IOException {
        String session = playerClients.playByWhep(whepClient(), conference, participant);
        String playerId = session.substring(session.lastIndexOf('/') + 1);
        lab.step("whip-whep's WHEP client plays " + conference + (participant == null ? "" : " asking for "
                + participant) + "; its session is " + session);
        long[] decoded = {0};
        Poll.until("the player decodes video and hears audio", MEDIA_DEADLINE, POLL_INTERVAL, () -> {
            WhipWhepClients.WhepStats s = playerClients.whepStats();
            boolean more = decoded[0] > 0 && s.framesDecoded() > decoded[0];
            decoded[0] = Math.max(decoded[0], s.framesDecoded());
            return more && s.totalAudioEnergy() > 0 ? null : "so far " + s;
        }, lab::diagnostics);
        WhipWhepClients.WhepStats got = playerClients.whepStats();
        lab.step("the player decodes " + got.frameWidth() + "x" + got.frameHeight() + " video (" + got.framesDecoded()
                + " frames) and hears audio (energy " + got.totalAudioEnergy() + ") of " + got.from());
        assertEquals(1, got.from().size(), "video and audio of one participant: " + got);
        playerClients.stopWhep();
        Poll.until("the player's DELETE ended its session", MEDIA_DEADLINE, POLL_INTERVAL,
                () -> !lab.participants(conference).contains(playerId) ? null : "still in the conference",
                lab::diagnostics);
        return got.from().get(0);
    }

    /** whip-whep's whep.js; fails with what to run when the package is missing. */
    private static String whepClient() throws IOException {
        return npmFile("whep.js");
    }

    /** whip-whep's whip.js; fails with what to run when the package is missing. */
    private static String whipClient() throws IOException {
        return npmFile("whip.js");
    }

    private static String npmFile(String name) throws IOException {
        Path file = NPM_PACKAGES.resolve("whip-whep").resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("The WHIP and WHEP browser tests need the npm package whip-whep at "
                    + file.toAbsolutePath().normalize() + ". Run scripts/install-test-deps.sh and the tests again.");
        }
        return Files.readString(file);
    }
}
