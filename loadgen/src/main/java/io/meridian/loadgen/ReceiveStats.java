package io.meridian.loadgen;

import io.meridian.client.MediaReceiver;
import io.meridian.client.PeerSdp;
import io.meridian.rtp.RtpPacket;
import org.HdrHistogram.Histogram;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one participant received: per published stream the first and highest stamp sequence and the packet count
 * (for loss), one-way latencies while the measured window is open, and when the first audio arrived (join time).
 * Written only by the participant's reader thread; read by the runner after that thread has stopped. Every stamped
 * packet's latency also goes, window open or not, to the run's shared {@link MeasurementWindow#recordLatency}
 * recorder (for the per-second load samples). Packets without a stamp are not counted.
 */
final class ReceiveStats implements MediaReceiver {
    /** Latencies above this are recorded as this (a stalled packet, not a histogram overflow). */
    static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** One received stream: sequences are the publisher's stamp sequences. */
    static final class StreamCount {
        final int firstSequence;
        int highestSequence;
        long packets;
        /** Packets that arrived after a higher sequence (reordered); duplicates never get here (SRTP replay check). */
        long reordered;

        StreamCount(int first) {
            this.firstSequence = first;
            this.highestSequence = first;
        }
    }

    private final Map<Integer, StreamCount> streams = new HashMap<>();
    private final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
    private final MeasurementWindow window;
    private volatile long firstAudioNanos;
    private volatile int streamCount;

    ReceiveStats(MeasurementWindow window) {
        this.window = window;
    }

    /** A decrypted RTP packet from the participant's transport (the shared receive thread). */
    @Override
    public void onRtp(byte[] buf, int len, long receiveNanos) {
        int header = RtpPacket.headerLength(buf, 0, len);
        // RTX is the node's probing of this peer's path (or a retransmission): a copy of what was counted already.
        if (header < 0 || RtpPacket.payloadType(buf, 0) == PeerSdp.RTX_PT || !MediaStamp.present(buf, header, len)) {
            return;
        }
        boolean audio = RtpPacket.payloadType(buf, 0) == PeerSdp.OPUS_PT;
        onPacket(MediaStamp.streamId(buf, len), MediaStamp.sequence(buf, len), MediaStamp.sendNanos(buf, len),
                receiveNanos, audio);
    }

    void onPacket(int streamId, int sequence, long sendNanos, long receiveNanos, boolean audio) {
        StreamCount count = streams.get(streamId);
        if (count == null) {
            count = new StreamCount(sequence);
            streams.put(streamId, count);
            streamCount = streams.size();
        } else if (sequence > count.highestSequence) {
            count.highestSequence = sequence;
        } else {
            count.reordered++;
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

    /** {@link System#nanoTime()} of the first forwarded audio packet, or 0 when none came. */
    long firstAudioNanos() {
        return firstAudioNanos;
    }

    /** How many distinct published streams have arrived so far; safe to read from any thread. */
    int streamCount() {
        return streamCount;
    }

    Map<Integer, StreamCount> streams() {
        return streams;
    }

    Histogram latency() {
        return latency;
    }
}
