package io.meridian.server.cluster;

import io.meridian.placement.ConferencePin;
import io.meridian.placement.NodeInfo;
import io.meridian.placement.PlacementUnavailableException;
import io.meridian.placement.RegionPlacement;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps a store outage from splitting a running call. A Redis that restarts without persistence has lost every pin;
 * each hosting node restores its own at its next heartbeat, which may come up to a heartbeat interval (plus the
 * reconnect delay) after Redis is back. A join meanwhile would find no pin and pin the running conference a second
 * time, elsewhere. So after this node has seen the store fail, and for {@code window} after it answers again, a join
 * only follows existing pins: a conference without one gets {@link PlacementUnavailableException} (503
 * {@code placement_unavailable}) until the window has passed. Failures before the store first answered (a node
 * starting) do not count: nothing was lost then that this node's joins could race with.
 */
final class OutageGuardedPlacement implements RegionPlacement {
    private final RegionPlacement store;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private volatile boolean answeredOnce;
    private volatile boolean failing;
    private volatile long recoveredAt;

    OutageGuardedPlacement(RegionPlacement store, Duration window, LongSupplier nanoTime) {
        this.store = store;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public ConferencePin pinIfAbsent(String conferenceId, String requestedRegion) {
        if (recovering()) {
            Optional<ConferencePin> existing = call(() -> store.pinOf(conferenceId));
            if (existing.isPresent()) {
                return existing.get();
            }
            if (recovering()) {
                throw new PlacementUnavailableException("the placement store is back from an outage; hosting nodes "
                        + "are restoring their pins, so no conference is pinned anew for a few seconds", null);
            }
        }
        return call(() -> store.pinIfAbsent(conferenceId, requestedRegion));
    }

    private boolean recovering() {
        return failing || (recoveredAt != 0 && nanoTime.getAsLong() - recoveredAt < windowNanos);
    }

    @Override
    public void heartbeat(NodeInfo self) {
        call(() -> {
            store.heartbeat(self);
            return null;
        });
    }

    @Override
    public List<NodeInfo> liveNodes() {
        return call(store::liveNodes);
    }

    @Override
    public Optional<ConferencePin> pinOf(String conferenceId) {
        return call(() -> store.pinOf(conferenceId));
    }

    @Override
    public void renew(Collection<String> conferenceIds, String nodeId) {
        call(() -> {
            store.renew(conferenceIds, nodeId);
            return null;
        });
    }

    @Override
    public void release(String conferenceId, String nodeId) {
        call(() -> {
            store.release(conferenceId, nodeId);
            return null;
        });
    }

    private <T> T call(Supplier<T> operation) {
        T result;
        try {
            result = operation.get();
        } catch (PlacementUnavailableException e) {
            if (answeredOnce) {
                failing = true;
            }
            throw e;
        }
        answeredOnce = true;
        if (failing) {
            failing = false;
            // Never 0, which means "never recovered".
            recoveredAt = nanoTime.getAsLong() | 1;
        }
        return result;
    }

    @Override
    public void close() {
        store.close();
    }
}
