package io.meridian.server.browser;

import io.meridian.netlab.Namespace;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.meridian.server.browser.BrowserLab.JOIN_DEADLINE;
import static io.meridian.server.browser.BrowserLab.LEAVE_DEADLINE;
import static io.meridian.server.browser.BrowserLab.MEDIA_DEADLINE;
import static io.meridian.server.browser.BrowserLab.POLL_INTERVAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A second WebRTC stack against the node (README, "Tests"): aiortc, whose SDP is shaped unlike Chromium's (an ICE
 * transport per m-line until BUNDLE is answered, SSRCs in {@code a=ssrc} lines without msid, no transport-cc, the
 * MID header extension offered), calls real Chromium through one node. Each runs in a lab namespace of its own and
 * what each decodes is read from the client itself: Chromium's {@code getStats()}, aiortc's decoded frames and its
 * receivers' stats.
 */
@ExtendWith(LeakGuard.class)
class AiortcInteropTest {
    private static BrowserLab lab;
    private static Namespace aiortcHome;
    private static DemoPage chromium;
    private static String chromiumId;
    private static String conference;
    private static final List<AiortcPeer> PEERS = new ArrayList<>();

    @BeforeAll
    static void joinChromium() throws Exception {
        AiortcPeer.requireAiortc();
        lab = BrowserLab.start("AiortcInteropTest", "ai", false);
        aiortcHome = lab.network().addNamespace("aiortc");
        chromium = lab.open("chromium", lab.subscribers);
        conference = "aiortc-" + Long.toHexString(System.nanoTime());
        chromium.join(conference, "Chromium");
        chromiumId = chromium.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, AiortcInteropTest::diagnostics);
        lab.step("Chromium joined " + conference + " as " + chromiumId);
    }

    @AfterEach
    void stopPeers() {
        PEERS.forEach(AiortcPeer::close);
        PEERS.clear();
    }

    @AfterAll
    static void removeEverything() {
        if (lab != null) {
            lab.close();
        }
    }

    /** aiortc sends a generated video and a tone; Chromium decodes and hears them; aiortc's leave removes it. */
    @Test
    void chromiumDecodesWhatAiortcPublishes() throws Exception {
        AiortcPeer publisher = start("aiortc-publisher", true);
        String publisherId = publisher.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, AiortcInteropTest::diagnostics);
        lab.step("aiortc joined as " + publisherId);

        chromium.awaitMediaFrom(List.of(publisherId), true, MEDIA_DEADLINE, POLL_INTERVAL,
                AiortcInteropTest::diagnostics);
        lab.step("Chromium decodes aiortc's video and hears its tone: "
                + lab.receivedFrom(chromium, publisherId));

        assertEquals(204, publisher.leave(LEAVE_DEADLINE, POLL_INTERVAL, AiortcInteropTest::diagnostics),
                "aiortc's DELETE of itself");
        Poll.until("Chromium drops aiortc's tile", LEAVE_DEADLINE, POLL_INTERVAL,
                () -> chromium.hasTile(publisherId) ? "tile " + publisherId + " still shown" : null,
                AiortcInteropTest::diagnostics);
        lab.step("aiortc left and Chromium dropped its tile");
    }

    /** Chromium publishes its fake camera and microphone; a receive-only aiortc decodes the video, gets the audio. */
    @Test
    void aiortcDecodesWhatChromiumPublishes() throws Exception {
        AiortcPeer watcher = start("aiortc-watcher", false);
        String watcherId = watcher.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, AiortcInteropTest::diagnostics);
        lab.step("aiortc joined receive-only as " + watcherId);

        watcher.awaitMediaFrom(chromiumId, MEDIA_DEADLINE, POLL_INTERVAL, AiortcInteropTest::diagnostics);
        lab.step("aiortc decodes Chromium's video and receives its audio: "
                + watcher.latest(chromiumId, "video") + ", " + watcher.latest(chromiumId, "audio"));
    }

    private static AiortcPeer start(String name, boolean publish) throws Exception {
        AiortcPeer peer = AiortcPeer.start(name, aiortcHome, lab.url(lab.node), conference, publish);
        PEERS.add(peer);
        lab.step(name + " started in " + aiortcHome);
        return peer;
    }

    private static String diagnostics() {
        return PEERS.stream().map(AiortcPeer::diagnostics).collect(Collectors.joining()) + lab.diagnostics();
    }
}
