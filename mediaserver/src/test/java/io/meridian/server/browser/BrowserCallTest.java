package io.meridian.server.browser;

import io.meridian.netlab.Chromium;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.MeridianServer;
import io.meridian.server.config.MeridianConfig;
import io.meridian.server.peer.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real clients (architecture tier 4): headless Chromium participants join one conference through the demo page and
 * must see and hear each other through the SFU. Media counters are compared between two samples of the page's own
 * {@code getStats()} so the test asserts that media flows, not how fast.
 */
@ExtendWith(LeakGuard.class)
class BrowserCallTest {
    /** How long a broken build may take to fail; a working call gets there in a few seconds. */
    private static final Duration JOIN_DEADLINE = Duration.ofSeconds(30);
    /** Each check runs scripts in every browser: poll gently. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(300);
    private static final Duration MEDIA_DEADLINE = Duration.ofSeconds(30);
    private static final Duration LEAVE_DEADLINE = Duration.ofSeconds(15);

    private static final long STARTED = System.nanoTime();

    private static MeridianServer server;
    private static final List<Chromium> BROWSERS = new ArrayList<>();
    private static final List<DemoPage> PAGES = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        DemoPage.requireChromium();
        server = MeridianServer.start(MeridianConfig.devOnLoopback());
        step("server listening on http " + server.httpPort() + ", media " + server.mediaPort());
    }

    @AfterAll
    static void stopEverything() {
        RuntimeException first = null;
        for (Chromium browser : BROWSERS) {
            try {
                browser.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        BROWSERS.clear();
        PAGES.clear();
        if (server != null) {
            server.close();
            server = null;
        }
        if (first != null) {
            throw first;
        }
    }

    @Test
    void participantsSeeAndHearEachOtherAndALeaverDisappears() throws Exception {
        String conference = "browser-call-" + Long.toHexString(System.nanoTime());

        DemoPage alice = open("alice");
        DemoPage bob = open("bob");
        DemoPage carol = open("carol");
        // Started now, while the machine is idle; Dave joins only once the first three are talking.
        DemoPage dave = open("dave");
        alice.join(conference, "Alice");
        bob.join(conference, "Bob");
        carol.join(conference, "Carol");
        Map<DemoPage, String> ids = new LinkedHashMap<>();
        for (DemoPage page : List.of(alice, bob, carol)) {
            ids.put(page, awaitJoined(page));
        }
        step("three joined: " + ids.values());

        for (DemoPage page : List.of(alice, bob, carol)) {
            awaitMediaFrom(page, othersThan(page, ids), true);
            step(page.name() + " sees and hears both others");
        }
        long feedbacks = server.mediaCounters().transportFeedbacks();
        assertTrue(feedbacks > 0, "Chromium numbers what it publishes (transport-cc) and the node feeds it back");
        step(feedbacks + " transport-cc feedback packets sent to the publishers");

        dave.join(conference, "Dave");
        String daveId = awaitJoined(dave);
        step("late joiner " + daveId + " joined");
        awaitMediaFrom(dave, List.copyOf(ids.values()), false);
        step("late joiner " + daveId + " decodes video from all three");
        ids.put(dave, daveId);

        String bobId = ids.get(bob);
        List<DemoPage> stayers = List.of(alice, carol, dave);
        for (DemoPage page : stayers) {
            Poll.until(page.name() + " shows a tile for Bob", LEAVE_DEADLINE, POLL_INTERVAL,
                    () -> page.hasTile(bobId) ? null : "no tile with data-participant-id=" + bobId,
                    BrowserCallTest::diagnostics);
        }
        step("every other page shows Bob's tile; Bob leaves");
        bob.leave(LEAVE_DEADLINE, POLL_INTERVAL, BrowserCallTest::diagnostics);
        step("Bob's page has left");
        for (DemoPage page : stayers) {
            Poll.until(page.name() + " drops Bob's tile", LEAVE_DEADLINE, POLL_INTERVAL,
                    () -> page.hasTile(bobId) ? "tile " + bobId + " still shown" : null,
                    BrowserCallTest::diagnostics);
        }
        step("every other page dropped Bob's tile");
    }

    private static DemoPage open(String name) throws Exception {
        Chromium browser = Chromium.launch(name, null, List.of());
        step("browser " + name + " started");
        BROWSERS.add(browser);
        DemoPage page = new DemoPage(browser, "http://127.0.0.1:" + server.httpPort() + "/");
        PAGES.add(page);
        return page;
    }

    private static String awaitJoined(DemoPage page) {
        return page.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, BrowserCallTest::diagnostics);
    }

    private static List<String> othersThan(DemoPage page, Map<DemoPage, String> ids) {
        return ids.entrySet().stream().filter(e -> e.getKey() != page).map(Map.Entry::getValue)
                .collect(Collectors.toList());
    }

    private static void awaitMediaFrom(DemoPage page, List<String> publishers, boolean audio) {
        page.awaitMediaFrom(publishers, audio, MEDIA_DEADLINE, POLL_INTERVAL, BrowserCallTest::diagnostics);
    }

    /** Progress with elapsed time, so a slow or stuck run shows where it spent its time. */
    private static void step(String what) {
        System.out.printf("[BrowserCallTest +%.1fs] %s%n", (System.nanoTime() - STARTED) / 1e9, what);
    }

    private static String diagnostics() {
        return PAGES.stream().map(DemoPage::diagnostics).collect(Collectors.joining("\n"));
    }
}
