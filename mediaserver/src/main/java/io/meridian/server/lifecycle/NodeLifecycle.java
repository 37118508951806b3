package io.meridian.server.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * How a serving node stops.
 *
 * <ul>
 *   <li>First SIGTERM or SIGINT: the node drains (readiness 503 at once, no new conferences, calls in progress go on)
 *       until its last conference ends or {@code drain.grace-period-seconds} pass; then it closes and
 *       {@link #awaitStopAndClose()} returns so the process can exit with status 0.</li>
 *   <li>A second SIGTERM or SIGINT during the drain: the process exits at once with status 128 + the signal number
 *       (143 for SIGTERM, 130 for SIGINT), without closing anything gracefully.</li>
 *   <li>Any other JVM exit (System.exit, SIGHUP): a shutdown hook closes the node.</li>
 * </ul>
 * The signal handler only flips state and logs; waiting happens on the thread calling {@link #awaitStopAndClose()}.
 */
public final class NodeLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycle.class);
    private static final String[] STOP_SIGNALS = {"TERM", "INT"};

    private final DrainController drain;
    private final Runnable close;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NodeLifecycle(DrainController drain, Runnable close) {
        this.drain = drain;
        this.close = close;
    }

    /**
     * Installs the SIGTERM/SIGINT handlers and the shutdown hook.
     *
     * @param startDrain        makes the node not ready and refuse new conferences
     * @param activeConferences conferences still in progress
     * @param close             closes the node (called at most once)
     */
    public static NodeLifecycle install(Runnable startDrain, IntSupplier activeConferences, Duration gracePeriod,
                                        Runnable close) {
        NodeLifecycle lifecycle = new NodeLifecycle(
                new DrainController(startDrain, activeConferences, gracePeriod), close);
        Runtime.getRuntime().addShutdownHook(new Thread(lifecycle::closeOnce, "meridian-shutdown"));
        for (String name : STOP_SIGNALS) {
            Signal.handle(new Signal(name), lifecycle::onSignal);
        }
        return lifecycle;
    }

    private void onSignal(Signal signal) {
        if (drain.onSignal() == DrainController.SignalAction.DRAIN_STARTED) {
            LOG.info("SIG{} received: draining; exiting when the last conference ends or after {} s "
                    + "(send the signal again to exit at once)", signal.getName(), drain.gracePeriod().toSeconds());
        } else {
            int status = 128 + signal.getNumber();
            LOG.warn("SIG{} received again while draining: exiting now with status {}", signal.getName(), status);
            // halt, not exit: the shutdown hook would close gracefully, which is what this signal overrides.
            Runtime.getRuntime().halt(status);
        }
    }

    /** Blocks until a stop signal has arrived and the node has drained, then closes the node. */
    public DrainController.Outcome awaitStopAndClose() throws InterruptedException {
        DrainController.Outcome outcome = drain.awaitDrained();
        if (outcome == DrainController.Outcome.LAST_CALL_ENDED) {
            LOG.info("drained: no conference left; closing");
        } else {
            LOG.warn("drain grace period of {} s passed with conferences in progress; closing",
                    drain.gracePeriod().toSeconds());
        }
        closeOnce();
        LOG.info("closed");
        return outcome;
    }

    private void closeOnce() {
        if (closed.compareAndSet(false, true)) {
            close.run();
        }
    }
}
