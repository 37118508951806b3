package io.meridian.router;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * Packet counters shared by every stage of one media loop. Written only by that loop's thread with opaque
 * (non-locking) accesses and read the same way by metrics, so counting costs no lock and no fence per packet.
 * One instance per event loop keeps writers single-threaded; {@link #sumOf} reads several as one.
 */
public final class MediaCounters {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    /** For a sum of other instances: the instances; null for a loop's own counters. */
    private final List<MediaCounters> parts;

    public MediaCounters() {
        this.parts = null;
    }

    private MediaCounters(List<MediaCounters> parts) {
        this.parts = List.copyOf(parts);
    }

    /** A live, read-only view of the sum of {@code parts} (every loop's counters as the node's). */
    public static MediaCounters sumOf(List<MediaCounters> parts) {
        return new MediaCounters(parts);
    }
    private static final int PACKETS_IN = 0;
    private static final int BYTES_IN = 1;
    private static final int PACKETS_OUT = 2;
    private static final int BYTES_OUT = 3;
    private static final int RTCP_IN = 4;
    private static final int RTCP_OUT = 5;
    private static final int KEYFRAME_REQUESTS = 6;
    private static final int NACKS_IN = 7;
    private static final int RETRANSMITTED = 8;
    private static final int CACHE_MISSES = 9;
    private static final int REPAIRED = 10;
    private static final int UPSTREAM_NACKS = 11;
    private static final int TRANSPORT_FEEDBACKS = 12;
    private static final int PROBES = 13;
    private static final int FIXED = 14;

    private final long[] slots = new long[FIXED + DropReason.values().length];

    private void add(int slot, long delta) {
        SLOT.setOpaque(slots, slot, (long) SLOT.getOpaque(slots, slot) + delta);
    }

    private long get(int slot) {
        if (parts != null) {
            long sum = 0;
            for (MediaCounters part : parts) {
                sum += part.get(slot);
            }
            return sum;
        }
        return (long) SLOT.getOpaque(slots, slot);
    }

    void received(int bytes) {
        add(PACKETS_IN, 1);
        add(BYTES_IN, bytes);
    }

    void sent(int bytes) {
        add(PACKETS_OUT, 1);
        add(BYTES_OUT, bytes);
    }

    void rtcpReceived() {
        add(RTCP_IN, 1);
    }

    void rtcpSent() {
        add(RTCP_OUT, 1);
    }

    void keyframeRequested() {
        add(KEYFRAME_REQUESTS, 1);
    }

    /** A NACK packet from a receiver. */
    public void nackReceived() {
        add(NACKS_IN, 1);
    }

    /** A packet resent from the node's cache (counted in neither packets nor bytes out). */
    void retransmitted() {
        add(RETRANSMITTED, 1);
    }

    /** A packet resent only to probe a receiver's path (counted in neither packets nor bytes out). */
    void probeSent() {
        add(PROBES, 1);
    }

    /** A NACKed packet the cache no longer (or never) had. */
    public void cacheMiss() {
        add(CACHE_MISSES, 1);
    }

    /** A publisher's RTX packet taken back into its stream: a loss repaired before any receiver saw it. */
    public void repaired() {
        add(REPAIRED, 1);
    }

    /** A NACK the node sent a publisher. */
    public void upstreamNackSent() {
        add(UPSTREAM_NACKS, 1);
    }

    /** A transport-cc feedback packet the node sent a publisher. */
    public void transportFeedbackSent() {
        add(TRANSPORT_FEEDBACKS, 1);
    }

    public long nacksReceived() {
        return get(NACKS_IN);
    }

    public long retransmissions() {
        return get(RETRANSMITTED);
    }

    public long probePackets() {
        return get(PROBES);
    }

    public long cacheMisses() {
        return get(CACHE_MISSES);
    }

    public long repairs() {
        return get(REPAIRED);
    }

    public long upstreamNacks() {
        return get(UPSTREAM_NACKS);
    }

    public long transportFeedbacks() {
        return get(TRANSPORT_FEEDBACKS);
    }

    public void dropped(DropReason reason) {
        add(FIXED + reason.ordinal(), 1);
    }

    public long packetsIn() {
        return get(PACKETS_IN);
    }

    public long bytesIn() {
        return get(BYTES_IN);
    }

    public long packetsOut() {
        return get(PACKETS_OUT);
    }

    public long bytesOut() {
        return get(BYTES_OUT);
    }

    public long rtcpIn() {
        return get(RTCP_IN);
    }

    public long rtcpOut() {
        return get(RTCP_OUT);
    }

    public long keyframeRequests() {
        return get(KEYFRAME_REQUESTS);
    }

    public long drops(DropReason reason) {
        return get(FIXED + reason.ordinal());
    }
}
