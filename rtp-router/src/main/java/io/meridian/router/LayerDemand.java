package io.meridian.router;

import java.util.List;

/**
 * Which layers of a simulcast track anyone wants (LiveKit's dynacast): the publisher is told when the top layers
 * nobody's wishes allow could stop, and when they are wanted again, so it does not encode and send what the node
 * would drop. A receiver wants the layers its wishes allow (a layer whose height is not known yet counts as
 * allowed, so a layer stopped before its first key frame can still be asked back), whatever its link carries now:
 * its estimate changes faster than a publisher can restart a layer. The lowest layer is always wanted, so a receiver
 * that joins is served at once. More is announced at once; less only after {@link #HOLD_NANOS} of wanting less, so a
 * tile resized back and forth does not restart the encoder each time. Conference loop only.
 */
final class LayerDemand {
    /** How long fewer layers must do before the publisher is told to stop the rest. */
    static final long HOLD_NANOS = 5_000_000_000L;

    private final SimulcastSource source;
    private final String trackId;
    /** What the publisher was last told (at first: every layer, which is what it sends unasked). */
    private int announced;
    private long fewerSince = Long.MIN_VALUE;

    LayerDemand(SimulcastSource source, String trackId) {
        this.source = source;
        this.trackId = trackId;
        this.announced = source.layerCount();
    }

    /** The lowest layers the publisher is asked to send, as last announced. */
    int announced() {
        return announced;
    }

    void tick(long now, MediaListener listener) {
        int wanted = wanted();
        if (wanted > announced || wanted < announced && fewerSince != Long.MIN_VALUE
                && now - fewerSince >= HOLD_NANOS) {
            announced = wanted;
            fewerSince = Long.MIN_VALUE;
            List<String> rids = source.spec.rids();
            listener.layersNeeded(source.anchor.publisher, trackId,
                    rids.isEmpty() ? List.of() : rids.subList(0, wanted), wanted);
        } else if (wanted < announced) {
            if (fewerSince == Long.MIN_VALUE) {
                fewerSince = now;
            }
        } else {
            fewerSince = Long.MIN_VALUE;
        }
    }

    /** How many of the lowest layers the receivers' wishes want, at least one. */
    private int wanted() {
        InboundStream anchor = source.anchor;
        int wanted = 1;
        for (int i = 0, n = anchor.subscribers.size(); i < n; i++) {
            wanted = Math.max(wanted, wantedBy(anchor.subscribers.get(i)));
        }
        for (DownStream[] shard : anchor.allShardReceivers()) {
            if (shard != null) {
                for (DownStream down : shard) {
                    wanted = Math.max(wanted, wantedBy(down));
                }
            }
        }
        return wanted;
    }

    private int wantedBy(DownStream down) {
        SimulcastSelector selector = down.selector;
        if (selector == null || down.paused || down.hiddenByLastN()) {
            return 0;
        }
        for (int layer = source.layerCount() - 1; layer >= 0; layer--) {
            if (selector.mayWant(layer)) {
                return layer + 1;
            }
        }
        return 0;
    }
}
