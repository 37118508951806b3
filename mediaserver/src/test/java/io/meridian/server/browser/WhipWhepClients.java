package io.meridian.server.browser;

import org.openqa.selenium.JavascriptExecutor;

import java.util.List;
import java.util.Map;

/**
 * A demo page's browser driving the WHIP and WHEP clients of the npm package whip-whep (ES modules loaded from a page
 * of the node's origin) rather than the demo page's own signalling: publishing its camera and microphone by WHIP,
 * playing a conference by WHEP, and what each client reports.
 */
final class WhipWhepClients {
    private final DemoPage page;

    WhipWhepClients(DemoPage page) {
        this.page = page;
    }

    /**
     * Publishes this browser's fake camera and microphone into {@code conferenceId} with the WHIP client of the npm
     * package whip-whep ({@code whipJs}: its whip.js, an ES module) from a page of the node's origin, as a web
     * encoder does: sendonly transceivers, the client's own offer, trickle and Location handling. Returns the WHIP
     * session's URL once the client has it.
     */
    String publishByWhip(String whipJs, String conferenceId) {
        page.driver().get(page.baseUrl() + "healthz");
        Object url = ((JavascriptExecutor) page.driver()).executeAsyncScript("""
                const [source, conference, done] = arguments;
                (async () => {
                  const module = URL.createObjectURL(new Blob([source], {type: 'text/javascript'}));
                  const { WHIPClient } = await import(module);
                  const stream = await navigator.mediaDevices.getUserMedia({audio: true, video: true});
                  const pc = new RTCPeerConnection();
                  for (const track of stream.getTracks()) {
                    pc.addTransceiver(track, {direction: 'sendonly'});
                  }
                  const whip = new WHIPClient();
                  await whip.publish(pc, location.origin + '/v1/whip/' + conference);
                  window.whip = whip;
                  window.whipPc = pc;
                  return whip.resourceURL.href;
                })().then(done, e => done('error: ' + e));
                """, whipJs, conferenceId);
        if (!(url instanceof String href) || href.startsWith("error:")) {
            throw new AssertionError(page.name() + " could not publish by WHIP: " + url);
        }
        return href;
    }

    /** The ETag of the WHIP client's ICE session, as the client last read it. */
    String whipEtag() {
        return String.valueOf(page.script("return window.whip.etag"));
    }

    /** Starts an ICE restart of the WHIP client (its PATCH with If-Match "*" follows with its new candidates). */
    void restartWhip() {
        ((JavascriptExecutor) page.driver()).executeAsyncScript(
                "const done = arguments[0]; window.whip.restart().then(() => done('ok'), e => done('error: ' + e));");
    }

    /** Stops the WHIP session as the client does: its DELETE. */
    void stopWhip() {
        ((JavascriptExecutor) page.driver()).executeAsyncScript(
                "const done = arguments[0]; window.whip.stop().then(() => done('ok'), e => done('error: ' + e));");
    }

    /**
     * Plays {@code conferenceId} with the WHEP client of whip-whep ({@code whepJs}, its whep.js): a peer connection
     * with a receive-only audio and video transceiver, {@code POST /v1/whep/{c}} (with {@code ?participant=} when
     * {@code participant} is not null), the tracks it gets played in a video element. Returns the session's URL.
     */
    String playByWhep(String whepJs, String conferenceId, String participant) {
        page.driver().get(page.baseUrl() + "healthz");
        Object url = ((JavascriptExecutor) page.driver()).executeAsyncScript("""
                const [source, conference, participant, done] = arguments;
                (async () => {
                  const module = URL.createObjectURL(new Blob([source], {type: 'text/javascript'}));
                  const { WHEPClient } = await import(module);
                  const pc = new RTCPeerConnection();
                  pc.addTransceiver('audio', {direction: 'recvonly'});
                  pc.addTransceiver('video', {direction: 'recvonly'});
                  const stream = new MediaStream();
                  window.whepFrom = new Set(); // the stream ids of its tracks: the node names their publishers
                  pc.ontrack = (e) => {
                    stream.addTrack(e.track);
                    e.streams.forEach(s => window.whepFrom.add(s.id));
                  };
                  const video = document.createElement('video');
                  video.autoplay = true;
                  video.srcObject = stream;
                  document.body.appendChild(video);
                  const whep = new WHEPClient();
                  const query = participant ? '?participant=' + participant : '';
                  await whep.view(pc, location.origin + '/v1/whep/' + conference + query);
                  window.whep = whep;
                  window.whepPc = pc;
                  return whep.resourceURL.href;
                })().then(done, e => done('error: ' + e));
                """, whepJs, conferenceId, participant);
        if (!(url instanceof String href) || href.startsWith("error:")) {
            throw new AssertionError(page.name() + " could not play by WHEP: " + url);
        }
        return href;
    }

    /** What the WHEP player received: its inbound video and audio as getStats() counts them. */
    record WhepStats(long framesDecoded, int frameWidth, int frameHeight, long audioPacketsReceived,
                     double totalAudioEnergy, String connectionState, List<String> from) {
    }

    @SuppressWarnings("unchecked")
    WhepStats whepStats() {
        Map<String, Object> row = (Map<String, Object>) ((JavascriptExecutor) page.driver()).executeAsyncScript("""
                const done = arguments[0];
                const pc = window.whepPc;
                if (!pc) { done({connectionState: 'none'}); return; }
                pc.getStats().then(report => {
                  const row = {connectionState: pc.connectionState, from: Array.from(window.whepFrom)};
                  report.forEach(e => {
                    if (e.type !== 'inbound-rtp') return;
                    if (e.kind === 'video') {
                      row.framesDecoded = e.framesDecoded || 0;
                      row.frameWidth = e.frameWidth || 0;
                      row.frameHeight = e.frameHeight || 0;
                    } else if (e.kind === 'audio') {
                      row.audioPacketsReceived = e.packetsReceived || 0;
                      row.totalAudioEnergy = e.totalAudioEnergy || 0;
                    }
                  });
                  done(row);
                }, e => done({connectionState: 'error: ' + e}));
                """);
        return new WhepStats(DemoPage.count(row, "framesDecoded"), (int) DemoPage.count(row, "frameWidth"),
                (int) DemoPage.count(row, "frameHeight"), DemoPage.count(row, "audioPacketsReceived"),
                DemoPage.number(row.get("totalAudioEnergy")), String.valueOf(row.get("connectionState")),
                row.get("from") instanceof List<?> ids ? ids.stream().map(String::valueOf).toList() : List.of());
    }

    /** Stops the WHEP session as the client does: its DELETE. */
    void stopWhep() {
        ((JavascriptExecutor) page.driver()).executeAsyncScript(
                "const done = arguments[0]; window.whep.stop().then(() => done('ok'), e => done('error: ' + e));");
    }
}
