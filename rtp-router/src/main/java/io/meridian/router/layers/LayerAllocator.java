package io.meridian.router.layers;

import io.meridian.router.DownStream;
import io.meridian.router.LayeredTrack;
import io.meridian.router.Leg;
import io.meridian.router.Periodic;
import io.meridian.router.RouterContext;

import java.util.ArrayList;
import java.util.List;

/**
 * One receiver's layers of the tracks it gets in layers ({@link LayeredTrack}: simulcast, or SVC spatial layers): the
 * highest each track's wishes allow ({@link LayeredTrack#allows}) that
 * the receiver's downlink estimate fits, shared out a layer at a time, lowest track first (jvb's BandwidthAllocator,
 * LiveKit's allocator). Each track gets at least its lowest active allowed layer. A layer counts at its measured
 * bitrate (an SVC layer with those below it); one the publisher stopped sending does not count, nor is one whose
 * bitrate is not measured yet a step up. Hysteresis against flapping: going up needs {@link #UP_HEADROOM} of room over
 * the layers' sum, staying needs only the sum. What else the receiver is sent (audio, video not in layers) counts too,
 * at the rate it was sent
 * over the last window. Without an estimate (no transport-cc) the highest allowed layers go. Asks for the target layer's key
 * frame while the receiver waits on it.
 *
 * <p>Where the node can pad the receiver's path ({@link Leg#paddable()}), a step up the estimate allows is first
 * proven (LiveKit probes before it upgrades): the path is padded up to the step's rate, headroom included, and the
 * step is taken once the estimate has stayed above that for {@link #PROOF_NANOS}. An estimate can stand well above
 * what a path carries: a probe cluster of a few kilobytes passes a shaper's token bucket at any rate, so it proves
 * nothing there, and the node's estimate stays where it was proven for as long as the node sends less. Sending the
 * higher layer to find out would cost its key frame and then a stall on a narrow link; padding that the path cannot
 * carry makes its queue grow, the estimate falls, and the padding stops.
 */
final class LayerAllocator implements Periodic {
    /** Room above the layers' sum a step up needs, so a rate near a boundary does not flip a layer every tick. */
    static final double UP_HEADROOM = 1.15;
    /**
     * How long the padded path must keep its estimate above a step up before the step is taken: longer than a
     * shaper's bucket lasts (a 15 kB one lets 120 kbit through on top of the link's rate, 0.4 s of 300 kbit/s) and
     * than the delay detector then takes to see the queue grow.
     */
    static final long PROOF_NANOS = 2_000_000_000L;

    /** What the receiver is sent is measured over windows of this length. */
    static final long RATE_WINDOW_NANOS = 1_000_000_000L;

    private final Leg receiver;
    private final RouterContext context;
    private final List<LayeredTrack> tracks = new ArrayList<>();
    /** The rate window: when it began and the other streams' bytes then; their rate over the last whole window. */
    private long windowStart = Long.MIN_VALUE;
    private long windowBytes;
    private long sentBps;
    /** The step up being proven (its track and layer) and since when; no track when none. */
    private LayeredTrack provingTrack;
    private int provingLayer = LayeredTrack.NONE;
    private long provingSince;

    LayerAllocator(Leg receiver, RouterContext context) {
        this.receiver = receiver;
        this.context = context;
    }

    @Override
    public void tick(long now) {
        tracks.clear();
        for (DownStream down : receiver.downStreams()) {
            LayeredTrack track = down.layered();
            if (track != null) {
                tracks.add(track);
            }
        }
        if (tracks.isEmpty()) {
            receiver.padding(0);
            return;
        }
        long budget = receiver.estimatedBps();
        boolean prove = budget > 0 && receiver.paddable();
        int[] chosen = new int[tracks.size()];
        long sending = 0;
        for (LayeredTrack track : tracks) {
            sending += rate(track, track.current());
        }
        long other = otherTraffic(now);
        long used = other;
        for (int t = 0; t < tracks.size(); t++) {
            chosen[t] = lowest(tracks.get(t), now);
            used += rate(tracks.get(t), chosen[t]);
        }
        LayeredTrack waiting = null;
        int waitingLayer = LayeredTrack.NONE;
        double waitingNeed = 0;
        boolean stepped = true;
        while (stepped) {
            stepped = false;
            for (int t = 0; t < tracks.size(); t++) {
                LayeredTrack track = tracks.get(t);
                int next = nextUp(track, chosen[t], now);
                // A step to a layer the receiver already has (or aims at) needs no headroom: that is the hysteresis.
                boolean held = next <= Math.max(track.current(), track.target());
                // A layer that has just started has no measured bitrate yet and would count as free: no step up
                // to it until it has one (within a rate window).
                if (next == LayeredTrack.NONE || (budget > 0 && !held && rate(track, next) == 0)) {
                    continue;
                }
                long more = used - rate(track, chosen[t]) + rate(track, next);
                double need = held ? more : more * UP_HEADROOM;
                if (budget > 0 && need > budget) {
                    continue;
                }
                if (prove && !held && !proven(track, next, now)) {
                    if (waiting == null) { // one step is proven at a time
                        waiting = track;
                        waitingLayer = next;
                        waitingNeed = need;
                    }
                    continue;
                }
                used = more;
                chosen[t] = next;
                stepped = true;
            }
        }
        prove(waiting, waitingLayer, now);
        // Padding tops up what is sent already (the layers and everything else) to the step's need.
        receiver.padding(waiting == null ? 0 : Math.max(0, (long) waitingNeed - sending - other));
        for (int t = 0; t < tracks.size(); t++) {
            LayeredTrack track = tracks.get(t);
            track.target(chosen[t]);
            if (chosen[t] != LayeredTrack.NONE && chosen[t] != track.current()) {
                track.askKeyframe(context, chosen[t], now);
            }
        }
    }

    /**
     * What the receiver is sent on its streams that are not in layers (nor RTX): their bytes over the last window,
     * SRTP included, as the estimate counts them. A stream that left meanwhile makes one window read low.
     */
    private long otherTraffic(long now) {
        long bytes = 0;
        for (DownStream down : receiver.downStreams()) {
            if (down.layered() == null && !down.source().isRtx()) {
                bytes += down.bytesSent();
            }
        }
        if (windowStart == Long.MIN_VALUE) {
            windowStart = now;
            windowBytes = bytes;
        } else if (now - windowStart >= RATE_WINDOW_NANOS) {
            sentBps = (bytes - windowBytes) * 8 * 1_000_000_000L / (now - windowStart);
            windowStart = now;
            windowBytes = bytes;
        }
        return Math.max(0, sentBps);
    }

    /** Whether the step of {@code track} up to {@code layer} has been waiting, padded, for the proof's length. */
    private boolean proven(LayeredTrack track, int layer, long now) {
        return track == provingTrack && layer == provingLayer && now - provingSince >= PROOF_NANOS;
    }

    /** The step waiting for proof after this tick (none: null): a new one starts its proof now. */
    private void prove(LayeredTrack track, int layer, long now) {
        if (track != provingTrack || layer != provingLayer) {
            provingTrack = track;
            provingLayer = layer;
            provingSince = now;
        }
    }

    /** The lowest active layer the receiver allows, else the lowest allowed (it may come back), else none. */
    private static int lowest(LayeredTrack track, long now) {
        int allowed = LayeredTrack.NONE;
        for (int layer = 0; layer < track.layerCount(); layer++) {
            if (track.allows(layer)) {
                if (track.active(layer, now)) {
                    return layer;
                }
                if (allowed == LayeredTrack.NONE) {
                    allowed = layer;
                }
            }
        }
        return allowed;
    }

    /** The next active allowed layer above {@code from}, or none. */
    private static int nextUp(LayeredTrack track, int from, long now) {
        for (int layer = from + 1; layer < track.layerCount(); layer++) {
            if (track.allows(layer) && track.active(layer, now)) {
                return layer;
            }
        }
        return LayeredTrack.NONE;
    }

    private static long rate(LayeredTrack track, int layer) {
        return layer == LayeredTrack.NONE ? 0 : track.bps(layer);
    }
}
