package io.meridian.server.browser;

import io.meridian.router.InboundStream;
import io.meridian.router.Leg;
import io.meridian.router.LegStages;
import io.meridian.router.PacketInfo;
import io.meridian.router.RouterContext;
import io.meridian.router.StageFactory;
import io.meridian.router.TrackKind;
import io.meridian.rtp.RtpPacket;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A stage factory for a node started to record what a browser sends (see {@link RecordChromiumSimulcast}): first in
 * each leg's receive chain, so it sees every decrypted RTP packet as it arrived, it keeps one line per packet of any
 * stream but a published audio one; and it asks every simulcast track of the leg for a key frame of each layer every
 * {@code keyframeIntervalNanos}, so a replay finds key frames to switch at. The lines are written on the media loop
 * and read by the recording thread, hence the lock.
 */
final class PacketRecorder implements StageFactory {
    /** RTP payload bytes kept of each packet (its header, extensions included, is always kept whole). */
    static final int KEPT_PAYLOAD = 40;

    private final long keyframeIntervalNanos;
    private final List<String> lines = new ArrayList<>();
    private long firstNanos = -1;

    PacketRecorder(long keyframeIntervalNanos) {
        this.keyframeIntervalNanos = keyframeIntervalNanos;
    }

    @Override
    public void installOnLeg(Leg leg, RouterContext context, LegStages stages) {
        stages.receive(p -> {
            record(leg, p);
            return true;
        });
        long[] lastAsk = {Long.MIN_VALUE};
        stages.periodic(now -> {
            if (lastAsk[0] != Long.MIN_VALUE && now - lastAsk[0] < keyframeIntervalNanos) {
                return;
            }
            lastAsk[0] = now;
            for (InboundStream s : leg.publishedStreams()) {
                if (s.simulcast() != null && s.layer() < 0) { // a track's anchor: each of its layers is asked
                    context.keyframes().request(s, now);
                }
            }
        });
    }

    /** The lines so far: arrival in microseconds from the first, the packet's length, its padding, its kept bytes. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    private void record(Leg leg, PacketInfo p) {
        byte[] a = p.array();
        int off = p.offset();
        int len = p.length();
        InboundStream known = leg.published(RtpPacket.ssrc(a, off));
        int header = RtpPacket.headerLength(a, off, len);
        if (known != null && known.kind() == TrackKind.AUDIO || header < 0) {
            return;
        }
        int padding = RtpPacket.paddingLength(a, off, len);
        int kept = Math.min(len, header + KEPT_PAYLOAD);
        String hex = HexFormat.of().formatHex(a, off, off + kept);
        synchronized (this) {
            if (firstNanos < 0) {
                firstNanos = p.arrivalNanos();
            }
            lines.add((p.arrivalNanos() - firstNanos) / 1000 + " " + len + " " + Math.max(padding, 0) + " " + hex);
        }
    }
}
