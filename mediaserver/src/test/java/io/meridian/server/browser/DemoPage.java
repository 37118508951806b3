package io.meridian.server.browser;

import io.meridian.netlab.Chromium;
import io.meridian.server.peer.Poll;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.json.Json;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The demo page as a person uses it (form, buttons, tiles), plus its {@code window.meridian} test hooks. */
final class DemoPage {
    /**
     * Counters summed over one remote participant's inbound streams, as {@code meridian.stats()} reports them; the
     * {@code video…}, NACK, freeze and PLI counts are its video's ({@code inbound-rtp} of kind video), and
     * {@code frameWidth} x {@code frameHeight} is the size of the last video frame decoded (0 before one).
     */
    record RemoteStats(long framesDecoded, long audioPacketsReceived, double totalAudioEnergy,
                       long videoPacketsReceived, long videoPacketsLost, long nackCount, long freezeCount,
                       double totalFreezesDuration, long pliCount, long retransmittedPacketsReceived,
                       int frameWidth, int frameHeight) {
        /** What was counted after {@code earlier}; the frame size is this sample's. */
        RemoteStats since(RemoteStats earlier) {
            return new RemoteStats(framesDecoded - earlier.framesDecoded,
                    audioPacketsReceived - earlier.audioPacketsReceived, totalAudioEnergy - earlier.totalAudioEnergy,
                    videoPacketsReceived - earlier.videoPacketsReceived, videoPacketsLost - earlier.videoPacketsLost,
                    nackCount - earlier.nackCount, freezeCount - earlier.freezeCount,
                    totalFreezesDuration - earlier.totalFreezesDuration, pliCount - earlier.pliCount,
                    retransmittedPacketsReceived - earlier.retransmittedPacketsReceived, frameWidth, frameHeight);
        }

        /** The last decoded frame's size, as {@code WIDTHxHEIGHT}. */
        String frameSize() {
            return frameWidth + "x" + frameHeight;
        }
    }

    /**
     * The page's own video as sent ({@code outbound-rtp} of kind video, summed over its streams), with how many
     * encodings (streams) it sends, and the codec and scalability mode of the last one ("" when none).
     */
    record OutboundVideo(long packetsSent, long retransmittedPacketsSent, long nackCount, long framesEncoded,
                         long pliCount, long encodings, String mimeType, String scalabilityMode) {
        /** What was counted after {@code earlier}. */
        OutboundVideo since(OutboundVideo earlier) {
            return new OutboundVideo(packetsSent - earlier.packetsSent,
                    retransmittedPacketsSent - earlier.retransmittedPacketsSent, nackCount - earlier.nackCount,
                    framesEncoded - earlier.framesEncoded, pliCount - earlier.pliCount, encodings, mimeType,
                    scalabilityMode);
        }
    }

    private static final Json JSON = new Json();

    private final Chromium browser;
    private final String baseUrl;

    DemoPage(Chromium browser, String baseUrl) {
        this.browser = browser;
        this.baseUrl = baseUrl;
    }

    /** Fails (never skips) when the browser or its driver is missing: the suite must run everywhere it is run. */
    static void requireChromium() {
        List<String> missing = Chromium.missing();
        if (!missing.isEmpty()) {
            throw new AssertionError("The browser tests need " + String.join(" and ", missing)
                    + ". Run scripts/install-test-deps.sh (as root or with sudo) and run the tests again.");
        }
    }

    String name() {
        return browser.name();
    }

    /** The node's origin this page is served from, ending in a slash. */
    String baseUrl() {
        return baseUrl;
    }

    WebDriver driver() {
        return browser.driver();
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(script, args);
    }

    /** Opens the page for the conference, types the display name and presses Join. */
    void join(String conferenceId, String displayName) {
        join(baseUrl, conferenceId, displayName);
    }

    /** As {@link #join(String, String)}, on the page of another node ({@code nodeUrl} ends in a slash). */
    void join(String nodeUrl, String conferenceId, String displayName) {
        join(nodeUrl, conferenceId, displayName, List.of());
    }

    /**
     * As {@link #join(String, String)}, with the page opened with {@code parameters} besides the conference (e.g.
     * {@code simulcast=1}, {@code fitTiles=0}).
     */
    void joinWith(String conferenceId, String displayName, String... parameters) {
        join(baseUrl, conferenceId, displayName, List.of(parameters));
    }

    private void join(String nodeUrl, String conferenceId, String displayName, List<String> parameters) {
        StringBuilder query = new StringBuilder("?conference=").append(conferenceId);
        parameters.forEach(parameter -> query.append('&').append(parameter));
        List<WebElement> found = List.of();
        // A namespace made just before its browser may still be settling (its IPv6 link-local address leaves DAD):
        // Chromium then aborts a load with ERR_NETWORK_CHANGED ("Your connection was interrupted"), which a person
        // would answer by loading the page again. Only that error is retried, and at most a few times.
        for (int attempt = 0; attempt < 3 && found.isEmpty(); attempt++) {
            driver().get(nodeUrl + query);
            found = driver().findElements(By.id("conference"));
            if (found.isEmpty() && !String.valueOf(script("return document.body ? document.body.innerText : ''"))
                    .contains("connection was interrupted")) {
                break;
            }
        }
        if (found.isEmpty()) {
            String text = String.valueOf(script("return document.body ? document.body.innerText : ''"));
            throw new AssertionError(name() + ": the demo page did not load from " + nodeUrl + ": "
                    + text.substring(0, Math.min(300, text.length())));
        }
        WebElement conference = found.get(0);
        if (!conferenceId.equals(conference.getDomProperty("value"))) {
            throw new AssertionError(name() + ": the page did not prefill the conference from ?conference=");
        }
        WebElement nameField = driver().findElement(By.id("displayName"));
        nameField.clear();
        nameField.sendKeys(displayName);
        driver().findElement(By.id("join")).click();
    }

    /**
     * Asks the node, as the page's {@code receive-video} message, for {@code publisherId}'s video at most
     * {@code maxHeight} high; false when it cannot yet (no video track of theirs, or its events socket not open).
     */
    boolean receiveVideo(String publisherId, int maxHeight) {
        Object sent = script("return window.meridian.receiveVideo(arguments[0], {maxHeight: arguments[1]})",
                publisherId, maxHeight);
        return Boolean.TRUE.equals(sent);
    }

    /** The height, in device pixels, at which the page shows {@code participantId}'s video (0 without a tile). */
    long shownHeight(String participantId) {
        Object height = script("const v = document.querySelector(\"#tiles [data-participant-id='\" + arguments[0]"
                + " + \"'] video\"); return v ? Math.round(v.getBoundingClientRect().height * devicePixelRatio) : 0",
                participantId);
        return height instanceof Number n ? n.longValue() : 0;
    }

    /** Resizes the browser's window (the page lays its tiles out again). */
    void resizeWindow(int width, int height) {
        driver().manage().window().setSize(new Dimension(width, height));
    }

    /** Presses the camera button (off, then on again): a page with its camera off sends black frames only. */
    void clickCamera() {
        driver().findElement(By.id("toggleCam")).click();
    }

    /** Presses the microphone button: off (the page then sends silence), then on again. */
    void clickMicrophone() {
        driver().findElement(By.id("toggleMic")).click();
    }

    /** Chooses {@code n} in the page's Videos control (its last-N; -1: all), as a person would. */
    void chooseLastN(int n) {
        new org.openqa.selenium.support.ui.Select(driver().findElement(By.id("lastN"))).selectByValue(
                String.valueOf(n));
    }

    /** The candidate types of the pair ICE selected ({@code local}, {@code remote}), or null before one is. */
    @SuppressWarnings("unchecked")
    Map<String, Object> selectedPair() {
        return (Map<String, Object>) script("return window.meridian.selectedPair()");
    }

    /** The error codes of the page's ICE candidate errors so far (a TURN relay's refusal is 401). */
    @SuppressWarnings("unchecked")
    List<Long> candidateErrorCodes() {
        List<Map<String, Object>> errors = (List<Map<String, Object>>) script(
                "return window.meridian.candidateErrors()");
        return errors.stream().map(e -> ((Number) e.get("errorCode")).longValue()).toList();
    }

    /** The conference's dominant speaker as the page was last told, or null. */
    String dominantSpeaker() {
        return (String) script("return window.meridian.state().dominantSpeaker");
    }

    /** Whose tile the page outlines as speaking ("local" for its own), or null when none is. */
    String outlinedTile() {
        return (String) script("const t = document.querySelector('#tiles .tile.speaking');"
                + " return t ? (t.classList.contains('local') ? 'local' : t.dataset.participantId) : null");
    }

    void clickLeave() {
        driver().findElement(By.id("leave")).click();
    }

    String phase() {
        return (String) script("return window.meridian.state().phase");
    }

    String participantId() {
        return (String) script("return window.meridian.participantId");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> state() {
        return (Map<String, Object>) script("return window.meridian.state()");
    }

    /** Per remote participant id; the page's Promise is awaited by the driver. */
    @SuppressWarnings("unchecked")
    Map<String, RemoteStats> stats() {
        Map<String, Object> raw = (Map<String, Object>) script("return window.meridian.stats()");
        Map<String, RemoteStats> result = new LinkedHashMap<>();
        raw.forEach((id, value) -> {
            Map<String, Object> row = (Map<String, Object>) value;
            result.put(id, new RemoteStats(count(row, "framesDecoded"), count(row, "audioPacketsReceived"),
                    number(row.get("totalAudioEnergy")), count(row, "videoPacketsReceived"),
                    count(row, "videoPacketsLost"), count(row, "nackCount"), count(row, "freezeCount"),
                    number(row.get("totalFreezesDuration")), count(row, "pliCount"),
                    count(row, "retransmittedPacketsReceived"), (int) count(row, "frameWidth"),
                    (int) count(row, "frameHeight")));
        });
        return result;
    }

    /** This page's video as sent; the page's Promise is awaited by the driver. */
    @SuppressWarnings("unchecked")
    OutboundVideo outboundVideo() {
        Map<String, Object> row = (Map<String, Object>) script("return window.meridian.outboundVideoStats()");
        return new OutboundVideo(count(row, "packetsSent"), count(row, "retransmittedPacketsSent"),
                count(row, "nackCount"), count(row, "framesEncoded"), count(row, "pliCount"), count(row, "encodings"),
                String.valueOf(row.getOrDefault("mimeType", "")),
                String.valueOf(row.getOrDefault("scalabilityMode", "")));
    }

    /** One encoding of the page's video as sent: active or stopped, and the frames it encoded. */
    record OutboundLayer(boolean active, long framesEncoded, long frameWidth, long frameHeight, long targetBitrate) {
        /** "WIDTHxHEIGHT" of what the encoding sends now. */
        String frameSize() {
            return frameWidth + "x" + frameHeight;
        }
    }

    /** The page's video encodings as sent, by rid ("" without one). */
    @SuppressWarnings("unchecked")
    Map<String, OutboundLayer> outboundLayers() {
        Map<String, Object> rows = (Map<String, Object>) script("return window.meridian.outboundLayers()");
        Map<String, OutboundLayer> out = new java.util.TreeMap<>();
        rows.forEach((rid, value) -> {
            Map<String, Object> row = (Map<String, Object>) value;
            out.put(rid, new OutboundLayer(Boolean.TRUE.equals(row.get("active")), count(row, "framesEncoded"),
                    count(row, "frameWidth"), count(row, "frameHeight"), count(row, "targetBitrate")));
        });
        return out;
    }

    /** The browser's bandwidth estimate for what it sends, bits/s (0 until known). */
    long availableOutgoingBitrate() {
        Object value = script("return window.meridian.availableOutgoingBitrate()");
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** The node's last description as the page applied it (null before any): the call's ids and payload types. */
    String remoteSdp() {
        return (String) script("return window.meridian.remoteSdp()");
    }

    /** Waits until the page has joined its call; returns its participant id. */
    String awaitJoined(Duration deadline, Duration interval, Supplier<String> diagnostics) {
        Poll.until(name() + " has joined", deadline, interval, () -> {
            String phase = phase();
            return "joined".equals(phase) && participantId() != null ? null : "phase is " + phase;
        }, diagnostics);
        return participantId();
    }

    /**
     * Waits until, between a first sample and a later one, the page decoded more video frames from every one of
     * {@code publishers} and (if asked) received more audio packets with more audio energy from each.
     */
    void awaitMediaFrom(List<String> publishers, boolean audio, Duration deadline, Duration interval,
                        Supplier<String> diagnostics) {
        Map<String, RemoteStats> first = new HashMap<>();
        String what = name() + " decodes video" + (audio ? " and hears audio" : "") + " from " + publishers;
        Poll.until(what, deadline, interval, () -> {
            Map<String, RemoteStats> now = stats();
            List<String> missing = new ArrayList<>();
            for (String publisher : publishers) {
                RemoteStats latest = now.get(publisher);
                if (latest == null) {
                    missing.add(publisher + ": no inbound-rtp yet");
                    continue;
                }
                RemoteStats before = first.putIfAbsent(publisher, latest);
                if (before == null) {
                    missing.add(publisher + ": first sample " + latest);
                    continue;
                }
                if (latest.framesDecoded() <= before.framesDecoded()) {
                    missing.add(publisher + ": framesDecoded not rising " + before.framesDecoded() + " -> "
                            + latest.framesDecoded());
                }
                if (audio && latest.audioPacketsReceived() <= before.audioPacketsReceived()) {
                    missing.add(publisher + ": audioPacketsReceived not rising " + before.audioPacketsReceived()
                            + " -> " + latest.audioPacketsReceived());
                }
                if (audio && latest.totalAudioEnergy() <= before.totalAudioEnergy()) {
                    missing.add(publisher + ": totalAudioEnergy not rising " + before.totalAudioEnergy() + " -> "
                            + latest.totalAudioEnergy());
                }
            }
            return missing.isEmpty() ? null : String.join("; ", missing) + " (all stats: " + now + ")";
        }, diagnostics);
    }

    /** Presses Leave and waits until the page has left its call. */
    void leave(Duration deadline, Duration interval, Supplier<String> diagnostics) {
        clickLeave();
        Poll.until(name() + "'s page has left", deadline, interval,
                () -> "left".equals(phase()) ? null : "phase is " + phase(), diagnostics);
    }

    boolean hasTile(String participantId) {
        return !driver().findElements(By.cssSelector("#tiles [data-participant-id='" + participantId + "']")).isEmpty();
    }

    /** What a person debugging a failure wants: the page's own state and event log, and its console. */
    String diagnostics() {
        StringBuilder out = new StringBuilder("---- ").append(name()).append(" ----\nstate: ");
        try {
            out.append(JSON.toJson(state()));
        } catch (RuntimeException e) {
            out.append("(unavailable: ").append(e.getMessage()).append(')');
        }
        out.append("\nconsole:\n");
        browser.consoleLog().forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }

    static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    static long count(Map<String, Object> row, String key) {
        return Math.round(number(row.get(key)));
    }
}
