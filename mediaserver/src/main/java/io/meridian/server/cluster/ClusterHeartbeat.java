package io.meridian.server.cluster;

import io.meridian.placement.NodeInfo;
import io.meridian.placement.PlacementUnavailableException;
import io.meridian.placement.RegionPlacement;
import io.meridian.server.session.ConferenceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this node visible to the cluster: every heartbeat interval, on its own thread (never the media loop nor
 * the API's), it publishes the node's entry (API URL, media addresses, load = participants hosted, draining) and
 * renews the pins of the conferences it hosts. While the placement store is unreachable each tick fails fast; the
 * outage is logged once when it starts and once when it ends, not per tick.
 */
public final class ClusterHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterHeartbeat.class);
    private static final int STARTUP_ATTEMPTS = 4;

    private final RegionPlacement placement;
    private final ConferenceManager manager;
    private final String nodeId;
    private final String region;
    private final String apiUrl;
    private final List<String> mediaAddresses;
    /** How long a caller waits for one heartbeat: a few store round trips, each bounded by the store's timeout. */
    private final long waitMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "meridian-heartbeat");
        t.setDaemon(true);
        return t;
    });
    /** Only touched on the timer thread. */
    private boolean outage;

    public ClusterHeartbeat(RegionPlacement placement, ConferenceManager manager, String nodeId, String region,
                            String apiUrl, List<String> mediaAddresses, Duration storeTimeout) {
        this.placement = placement;
        this.manager = manager;
        this.nodeId = nodeId;
        this.region = region;
        this.apiUrl = apiUrl;
        this.mediaAddresses = List.copyOf(mediaAddresses);
        this.waitMillis = storeTimeout.toMillis() * 3;
    }

    /** Beats once now (so the node is choosable as soon as it is ready), then every {@code interval}. */
    public void start(Duration interval) {
        // The first beat completes before the node says it is ready, so it can be chosen at once. The very first
        // connection of a cold JVM (class loading) may overrun the command timeout: try it a few times quietly.
        for (int attempt = 1; attempt < STARTUP_ATTEMPTS; attempt++) {
            try {
                timer.submit(this::publish).get(waitMillis, TimeUnit.MILLISECONDS);
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.debug("start-up heartbeat attempt {} failed: {}", attempt, e.toString());
                if (attempt == STARTUP_ATTEMPTS - 1) {
                    beatNow();
                }
            }
        }
        timer.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        // Other nodes must stop choosing a draining node at once, not at the next tick: the drain call returns once
        // the cluster knows (or the store failed to answer within its timeout).
        manager.onDrain(this::beatNow);
    }

    /** An extra heartbeat now, on the heartbeat thread; waits for it, bounded by the store's timeout. */
    public void beatNow() {
        try {
            timer.submit(this::beat).get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // Closing: nothing left to publish.
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("heartbeat did not complete: {}", e.toString());
        }
    }

    /** Publishes this node and renews its pins; returns how many conferences it hosts. */
    private int publish() {
        placement.heartbeat(new NodeInfo(nodeId, region, apiUrl, mediaAddresses, manager.activeParticipants(),
                manager.draining()));
        List<String> hosted = manager.hostedConferenceIds();
        if (!hosted.isEmpty()) {
            placement.renew(hosted, nodeId);
        }
        return hosted.size();
    }

    private void beat() {
        try {
            int hosted = publish();
            if (outage) {
                outage = false;
                LOG.info("placement store reachable again: node {} published, {} pins renewed", nodeId, hosted);
            }
        } catch (PlacementUnavailableException e) {
            if (!outage) {
                outage = true;
                LOG.warn("placement store unreachable ({}): calls in progress go on, new joins get 503 "
                        + "placement_unavailable until it is back; reconnecting by itself", e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("heartbeat failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
