package io.meridian.server.browser;

import io.meridian.router.StageFactory;
import io.meridian.router.StageRegistry;
import io.meridian.router.registry.DefaultStages;
import io.meridian.router.cc.CongestionSettings;
import io.meridian.router.retransmit.RetransmissionSettings;
import io.meridian.rtp.RtpPacket;
import io.meridian.server.peer.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.meridian.server.browser.BrowserLab.JOIN_DEADLINE;
import static io.meridian.server.browser.BrowserLab.POLL_INTERVAL;

/**
 * Records what real Chromium sends of its simulcast video (three VP8 layers of its fake 1280x720 camera, the demo
 * page's {@code ?simulcast=1}) to a node, decrypted, for the router's replay tests (rtp-router's
 * {@code src/test/resources/chromium-156-simulcast/README.md} says how to run it and what the file holds). Not a test:
 * its name keeps it out of the suite, and it runs only when {@code -Dmeridian.record.simulcast=FILE} names the file to
 * write.
 */
@EnabledIfSystemProperty(named = RecordChromiumSimulcast.OUTPUT, matches = ".+")
class RecordChromiumSimulcast {
    static final String OUTPUT = "meridian.record.simulcast";
    /** How often the node asks each layer for a key frame, so a replay can switch several times. */
    private static final long KEYFRAME_INTERVAL_NANOS = 1_500_000_000L;
    /** How long the recording goes on once the top layer has started. */
    private static final long TOP_LAYER_MICROS = 7_000_000L;
    private static final Duration RECORD_DEADLINE = Duration.ofSeconds(60);
    /** How late a layer may start, and how long before the end it may stop, for the recording to be kept. */
    private static final long LATEST_START_MICROS = 1_000_000L;
    /** The lines of the video section of the node's answer that say how to read the packets. */
    private static final java.util.regex.Pattern SDP_KEPT =
            java.util.regex.Pattern.compile("a=(mid|extmap|rtpmap|fmtp|rid|simulcast):.*");
    private static final String RID_URI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    @Test
    void record() throws Exception {
        Path out = Path.of(System.getProperty(OUTPUT));
        PacketRecorder recorder = new PacketRecorder(KEYFRAME_INTERVAL_NANOS);
        try (BrowserLab lab = BrowserLab.start("RecordChromiumSimulcast", "rec", false, withRecorder(recorder))) {
            DemoPage alice = lab.open("alice", lab.publishers);
            alice.joinWith("recording-" + Long.toHexString(System.nanoTime()), "alice", "simulcast=1");
            alice.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            List<String> video = simulcastSection(alice.remoteSdp());
            int ridId = extensionId(video, RID_URI);
            List<String> lines = new ArrayList<>();
            Poll.until("the top layer has been recorded for " + TOP_LAYER_MICROS / 1000 + " ms", RECORD_DEADLINE,
                    POLL_INTERVAL, () -> {
                        lines.clear();
                        lines.addAll(recorder.lines());
                        long top = firstOfRid(lines, ridId, "f");
                        long last = lines.isEmpty() ? 0 : arrival(lines.get(lines.size() - 1));
                        return top >= 0 && last >= top + TOP_LAYER_MICROS ? null
                                : "first 'f' packet at " + top + " us, last packet at " + last + " us";
                    }, lab::diagnostics);
            long end = firstOfRid(lines, ridId, "f") + TOP_LAYER_MICROS;
            lines.removeIf(line -> arrival(line) > end);
            assertEveryLayerThroughout(lines, ridId, end);
            write(out, video, lines);
            lab.step("recorded " + lines.size() + " packets into " + out);
            lab.leave(List.of(alice));
        }
    }

    /** The node's stages as {@code DefaultStages.registry()} lists them, with the recorder ahead of them all. */
    private static StageRegistry withRecorder(PacketRecorder recorder) {
        List<StageFactory> factories = new ArrayList<>(List.of(recorder));
        factories.addAll(DefaultStages.factories(RetransmissionSettings.DEFAULTS, CongestionSettings.DEFAULTS));
        return new StageRegistry(factories);
    }

    private static void write(Path out, List<String> video, List<String> lines)
            throws IOException, InterruptedException {
        List<String> file = new ArrayList<>();
        file.add("# Decrypted RTP that " + chromiumVersion() + " sent a Meridian node of its simulcast video,");
        file.add("# recorded by mediaserver's RecordChromiumSimulcast (see README.md beside this file).");
        file.add("# keyframe-interval-ms " + KEYFRAME_INTERVAL_NANOS / 1_000_000);
        file.add("# kept-payload " + PacketRecorder.KEPT_PAYLOAD);
        video.forEach(line -> file.add("# sdp " + line));
        file.add("# arrival-us length padding header-and-kept-payload-hex");
        file.addAll(lines);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, file, StandardCharsets.US_ASCII);
    }

    /** The lines worth keeping of the answer's simulcast video section (the one with {@code a=simulcast}). */
    private static List<String> simulcastSection(String sdp) {
        if (sdp == null) {
            throw new AssertionError("the page has no answer from the node");
        }
        for (String section : sdp.split("\r?\nm=")) {
            if (section.startsWith("video") && section.contains("\na=simulcast:")) {
                return section.lines().filter(l -> SDP_KEPT.matcher(l).matches()).toList();
            }
        }
        throw new AssertionError("the answer has no simulcast video section:\n" + sdp);
    }

    private static int extensionId(List<String> section, String uri) {
        for (String line : section) {
            if (line.startsWith("a=extmap:") && line.endsWith(" " + uri)) {
                return Integer.parseInt(line.substring("a=extmap:".length(), line.indexOf(' ')).split("/")[0]);
            }
        }
        throw new AssertionError("no " + uri + " in " + section);
    }

    private static long arrival(String line) {
        return Long.parseLong(line.substring(0, line.indexOf(' ')));
    }

    private static byte[] bytes(String line) {
        return HexFormat.of().parseHex(line.substring(line.lastIndexOf(' ') + 1));
    }

    /**
     * Chromium sometimes starts its top layer late or drops it midway (its CPU or bandwidth adaptation on a busy
     * machine): such a recording would not let a replay switch to every layer throughout, so it is not written.
     */
    private static void assertEveryLayerThroughout(List<String> lines, int ridId, long end) {
        java.util.Map<Integer, String> ridOf = new java.util.HashMap<>();
        java.util.Map<String, long[]> span = new java.util.HashMap<>();
        for (String line : lines) {
            byte[] b = bytes(line);
            int ssrc = RtpPacket.ssrc(b, 0);
            String rid = elementOf(b, ridId);
            if (rid != null) {
                ridOf.put(ssrc, rid);
            }
            if (ridOf.containsKey(ssrc)) {
                span.computeIfAbsent(ridOf.get(ssrc), r -> new long[] {arrival(line), 0})[1] = arrival(line);
            }
        }
        for (String rid : List.of("q", "h", "f")) {
            long[] s = span.get(rid);
            if (s == null || s[0] > LATEST_START_MICROS || s[1] < end - LATEST_START_MICROS) {
                throw new AssertionError("Chromium did not send layer " + rid + " throughout (" + (s == null ? "never"
                        : s[0] + ".." + s[1] + " us of 0.." + end) + "); record again");
            }
        }
    }

    /** The arrival of the first packet whose rid element ({@code ridId}) is {@code rid}, or -1. */
    private static long firstOfRid(List<String> lines, int ridId, String rid) {
        for (String line : lines) {
            if (rid.equals(elementOf(bytes(line), ridId))) {
                return arrival(line);
            }
        }
        return -1;
    }

    private static String elementOf(byte[] b, int id) {
        long e = RtpPacket.extensionElement(b, 0, b.length, id);
        return e < 0 ? null : new String(b, (int) (e >>> 8), (int) (e & 0xFF), StandardCharsets.US_ASCII);
    }

    private static String chromiumVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("chromium", "--version").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        return version;
    }
}
