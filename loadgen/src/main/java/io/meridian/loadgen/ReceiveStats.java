package io.meridian.loadgen;

import io.meridian.client.MediaReceiver;
import io.meridian.client.PeerSdp;
import io.meridian.rtp.RtpPacket;
import org.HdrHistogram.Histogram;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What one participant received: per published stream the first and highest stamp sequence and the packet count
 * (for loss), per simulcast track the layer it gets, one-way latencies while the measured window is open, and when the first audio arrived (join time).
 * Written only by the participant's reader thread; read by the runner after that thread has stopped. Every stamped
 * packet's latency also goes, window open or not, to the run's shared {@link MeasurementWindow#recordLatency}
 * recorder (for the per-second load samples). Packets without a stamp are not counted.
 */
final class ReceiveStats implements MediaReceiver {
    /** How far back an RTX copy can repair a loss, in a stream's packets. */
    static final int RECENT = 1024;
    /** Latencies above this are recorded as this (a stalled packet, not a histogram overflow). */
    static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

    /**
     * One received stream: sequences are the publisher's stamp sequences. A simulcast layer is received in segments,
     * from a switch to it to the switch away (the node forwards one layer of a track at a time, switching at key
     * frames), so what it should have delivered is each segment's span, not the span from its first packet.
     */
    static final class StreamCount {
        final int firstSequence;
        int highestSequence;
        long packets;
        /** Packets that arrived after a higher sequence (reordered); duplicates never get here (SRTP replay check). */
        long reordered;
        /** The simulcast track this stream is a layer of; null for a stream of its own. */
        final Track track;
        /** The first sequence of the current (or last) segment. */
        private int segmentFirst;
        /** Packets the segments that ended in a switch to another layer spanned. */
        private long closedSpan;
        /** The last {@link #RECENT} sequences received, each in slot {@code sequence % RECENT}. */
        private final int[] recent = new int[RECENT];
        /** Lost packets that arrived later as RTX (repaired), counted in {@link #packets}. */
        long repaired;

        StreamCount(int first, Track track) {
            this.firstSequence = first;
            this.highestSequence = first;
            this.segmentFirst = first;
            this.track = track;
            java.util.Arrays.fill(recent, Integer.MIN_VALUE);
            recent[Math.floorMod(first, RECENT)] = first;
        }

        private boolean seen(int sequence) {
            return recent[Math.floorMod(sequence, RECENT)] == sequence;
        }

        private void mark(int sequence) {
            recent[Math.floorMod(sequence, RECENT)] = sequence;
        }

        /**
         * An RTX copy of {@code sequence} arrived: it repairs a loss when the stream has gone past it within the last
         * {@link #RECENT} packets and it never came; otherwise it is a copy of what was counted (a probe).
         */
        private boolean repair(int sequence) {
            if (sequence >= highestSequence || highestSequence - sequence >= RECENT || seen(sequence)) {
                return false;
            }
            mark(sequence);
            packets++;
            repaired++;
            return true;
        }

        /** Packets this stream should have delivered, its last one sent being {@code lastSent}. */
        long expected(int lastSent) {
            boolean current = track == null || track.current == this;
            return closedSpan + (current ? (long) lastSent - segmentFirst + 1 : 0);
        }

        /** The node switched the track to this layer again, at {@code sequence}. */
        private void resume(int sequence) {
            segmentFirst = sequence;
            highestSequence = sequence;
        }

        /** The node switched the track away from this layer. */
        private void suspend() {
            closedSpan += (long) highestSequence - segmentFirst + 1;
        }
    }

    /** A simulcast track as one receiver gets it: the layer it was last sent, and how many switches it took. */
    static final class Track {
        StreamCount current;
        volatile int currentLayer = -1;
        int switches;
    }

    private final Map<Integer, StreamCount> streams = new HashMap<>();
    /** Simulcast tracks by stamp id, written on switches only (the runner reads their layers meanwhile). */
    private final Map<Integer, Track> tracks = new ConcurrentHashMap<>();
    private final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
    private final MeasurementWindow window;
    private volatile long firstAudioNanos;
    private volatile int trackCount;

    ReceiveStats(MeasurementWindow window) {
        this.window = window;
    }

    /** A decrypted RTP packet from the participant's transport (the shared receive thread). */
    @Override
    public void onRtp(byte[] buf, int len, long receiveNanos) {
        int header = RtpPacket.headerLength(buf, 0, len);
        if (header < 0 || !MediaStamp.present(buf, header, len)) {
            return;
        }
        if (RtpPacket.payloadType(buf, 0) == PeerSdp.RTX_PT) {
            // RTX is the node's probing of this peer's path (a copy of what was counted already) or a retransmission
            // of a packet this peer lost: only the latter counts.
            StreamCount count = streams.get(MediaStamp.streamId(buf, len));
            if (count != null) {
                count.repair(MediaStamp.sequence(buf, len));
            }
            return;
        }
        boolean audio = RtpPacket.payloadType(buf, 0) == PeerSdp.OPUS_PT;
        onPacket(MediaStamp.streamId(buf, len), MediaStamp.sequence(buf, len), MediaStamp.sendNanos(buf, len),
                receiveNanos, audio);
    }

    void onPacket(int streamId, int sequence, long sendNanos, long receiveNanos, boolean audio) {
        StreamCount count = streams.get(streamId);
        if (count == null) {
            count = new StreamCount(sequence, PublishedStream.layerOf(streamId) < 0 ? null : track(streamId));
            streams.put(streamId, count);
            if (count.track == null) {
                trackCount++;
            }
        } else if (count.track != null && count.track.current != count) {
            count.resume(sequence);
        } else if (sequence > count.highestSequence) {
            count.highestSequence = sequence;
        } else if (count.seen(sequence)) {
            return; // its RTX copy came first and was counted
        } else {
            count.reordered++;
        }
        count.mark(sequence);
        if (count.track != null && count.track.current != count) {
            switchLayer(count.track, count, PublishedStream.layerOf(streamId));
        }
        count.packets++;
        if (audio && firstAudioNanos == 0) {
            firstAudioNanos = receiveNanos;
        }
        long oneWay = Math.min(Math.max(receiveNanos - sendNanos, 0), MAX_LATENCY_NANOS);
        window.recordLatency(oneWay);
        if (window.isOpen()) {
            latency.recordValue(oneWay);
        }
    }

    private Track track(int layerStreamId) {
        return tracks.computeIfAbsent(PublishedStream.trackOf(layerStreamId), id -> {
            trackCount++;
            return new Track();
        });
    }

    private static void switchLayer(Track track, StreamCount to, int layer) {
        if (track.current != null) {
            track.current.suspend();
            track.switches++;
        }
        track.current = to;
        track.currentLayer = layer;
    }

    /** The layer the simulcast track with this stamp id was last received on, or -1 (any thread). */
    int currentLayer(int trackStreamId) {
        Track t = tracks.get(trackStreamId);
        return t == null ? -1 : t.currentLayer;
    }

    /** The simulcast tracks received, by stamp id (read once the reader thread has stopped). */
    Map<Integer, Track> tracks() {
        return tracks;
    }

    /** {@link System#nanoTime()} of the first forwarded audio packet, or 0 when none came. */
    long firstAudioNanos() {
        return firstAudioNanos;
    }

    /**
     * How many distinct published tracks have arrived so far (a simulcast track once, whichever layers); safe to
     * read from any thread.
     */
    int trackCount() {
        return trackCount;
    }

    Map<Integer, StreamCount> streams() {
        return streams;
    }

    Histogram latency() {
        return latency;
    }
}
