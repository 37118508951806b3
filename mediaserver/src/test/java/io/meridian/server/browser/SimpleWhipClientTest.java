package io.meridian.server.browser;

import io.meridian.client.ApiClient;
import io.meridian.netlab.Namespace;
import io.meridian.netlab.NetworkLab;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.MeridianServer;
import io.meridian.server.NamespaceNodeMain;
import io.meridian.server.config.MeridianConfig;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WHIP with GStreamer: Debian's simple-whip-client (webrtcbin and libnice, a full ICE agent; a max-bundle offer with a
 * {@code bundle-only} audio m-line; candidates trickled by PATCH; a DELETE when stopped with Ctrl-C) publishes test
 * video and audio from a namespace of its own (libnice skips loopback) into a conference, and a participant there
 * receives both. The client as packaged aborts at start, because libnice's UPnP library loads libsoup3 beside the
 * client's libsoup2: the test builds a no-op stand-in for that one library ({@code whip/gupnp_igd_stub.c}) and puts
 * it on the client's {@code LD_LIBRARY_PATH}; only UPnP port mapping is lost.
 */
@ExtendWith(LeakGuard.class)
@Timeout(180)
class SimpleWhipClientTest {
    private static final Path CLIENT = Path.of("/usr/bin/whip-client");
    /** The pipelines' SSRCs, set so the receiver can tell the streams apart. */
    private static final long VIDEO_SSRC = 1001;
    private static final long AUDIO_SSRC = 1002;
    private static final int PACKETS = 50;

    @Test
    void gstreamersWhipClientPublishesAndAParticipantGetsItsVideoAndAudio() throws Exception {
        assertTrue(Files.isExecutable(CLIENT), "the test needs Debian's simple-whip-client: run "
                + "scripts/install-test-deps.sh and the tests again");
        Path stub = buildUpnpStandIn();
        try (NetworkLab lab = NetworkLab.create("sw");
             MeridianServer node = MeridianServer.start(NamespaceNodeMain.boundTo(MeridianConfig.devOnLoopback(),
                     lab.hubAddress()))) {
            Namespace encoderNet = lab.addNamespace("encoder");
            ApiClient api = new ApiClient(URI.create("http://" + lab.hubAddress() + ":" + node.httpPort()));
            String conference = "gst-" + Long.toHexString(System.nanoTime());
            try (TestPeer viewer = TestPeer.join(api, conference, "viewer")) {
                Path log = Files.createTempFile("whip-client", ".log");
                Process client = new ProcessBuilder(encoderNet.exec(List.of("env",
                        "LD_LIBRARY_PATH=" + stub.getParent(), CLIENT.toString(),
                        "-u", api.base() + "/v1/whip/" + conference, "-o", "-l", "5",
                        "-V", "videotestsrc is-live=true pattern=ball ! videoconvert ! queue ! vp8enc deadline=1 "
                                + "! rtpvp8pay pt=96 ssrc=" + VIDEO_SSRC
                                + " ! queue ! application/x-rtp,media=video,encoding-name=VP8,payload=96",
                        "-A", "audiotestsrc is-live=true wave=red-noise ! audioconvert ! audioresample ! queue "
                                + "! opusenc ! rtpopuspay pt=111 ssrc=" + AUDIO_SSRC
                                + " ! queue ! application/x-rtp,media=audio,encoding-name=OPUS,payload=111")))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                try {
                    Poll.until("the viewer receives the WHIP client's video and audio", Duration.ofSeconds(60),
                            () -> viewer.received().rtp(VIDEO_SSRC).size() >= PACKETS
                                    && viewer.received().rtp(AUDIO_SSRC).size() >= PACKETS ? null
                                    : "video " + viewer.received().rtp(VIDEO_SSRC).size() + ", audio "
                                    + viewer.received().rtp(AUDIO_SSRC).size() + " packets; client: "
                                    + tail(log));
                    // Ctrl-C: the client DELETEs its session and stops.
                    new ProcessBuilder("kill", "-INT", Long.toString(client.pid())).start().waitFor();
                    assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the client stops on Ctrl-C: " + tail(log));
                    Poll.until("the WHIP client's session is gone", () -> node.conferences().participants(conference)
                            .size() == 1 ? null : node.conferences().participants(conference).size()
                            + " participants");
                    String output = Files.readString(log);
                    assertTrue(output.contains("PeerConnection connected"), output);
                    assertTrue(output.contains("Sending candidates"), "it trickled its candidates: " + output);
                    assertFalse(output.contains("[WARN]") || output.contains("[ERR]"),
                            "the node accepted its trickle PATCHes and its DELETE: " + output);
                } finally {
                    client.destroyForcibly();
                    Files.deleteIfExists(log);
                }
            }
        }
    }

    /** Compiles the stand-in for libgupnp-igd-1.0.so.4 into a directory of its own; returns the library. */
    private static Path buildUpnpStandIn() throws IOException, InterruptedException {
        Path dir = Path.of("target", "whip-upnp-stand-in").toAbsolutePath();
        Files.createDirectories(dir);
        Path source = dir.resolve("gupnp_igd_stub.c");
        try (InputStream in = SimpleWhipClientTest.class.getResourceAsStream("/whip/gupnp_igd_stub.c")) {
            Files.copy(in, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path library = dir.resolve("libgupnp-igd-1.0.so.4");
        List<String> gcc = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-Wl,-soname,libgupnp-igd-1.0.so.4",
                "-o", library.toString(), source.toString()));
        Process build = new ProcessBuilder(gcc).redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes());
        assertTrue(build.waitFor(60, TimeUnit.SECONDS) && build.exitValue() == 0,
                "gcc (scripts/install-test-deps.sh installs it) could not build the UPnP stand-in: " + output);
        return library;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
