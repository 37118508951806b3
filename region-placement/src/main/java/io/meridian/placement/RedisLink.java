package io.meridian.placement;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One shared Lettuce connection to Redis that never makes a caller wait longer than the command timeout.
 *
 * <ul>
 *   <li>The first connection is made lazily and asynchronously, so a node can start while Redis is down; a failed
 *       attempt is retried by the next call.</li>
 *   <li>Once connected, Lettuce's watchdog reconnects by itself (short backoff, at most {@link #MAX_RECONNECT_DELAY}
 *       between attempts), and while it is disconnected commands are rejected at once ({@code REJECT_COMMANDS})
 *       instead of being buffered: a join must fail fast, not wait for Redis.</li>
 *   <li>Each public placement call gets one deadline ({@link #deadline()}) shared by all its round trips, so a
 *       multi-command operation is bounded by the command timeout as a whole, not per command.</li>
 * </ul>
 * Every failure (unreachable, timed out, server error) surfaces as {@link PlacementUnavailableException}.
 */
final class RedisLink implements AutoCloseable {
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final Duration timeout;
    /** host:port only, never the URL: it may carry a password. */
    private final String where;
    private CompletableFuture<StatefulRedisConnection<String, String>> connection;
    private boolean closed;

    RedisLink(String redisUrl, Duration timeout) {
        this.uri = RedisURI.create(redisUrl);
        this.uri.setTimeout(timeout);
        this.timeout = timeout;
        this.where = "Redis at " + uri.getHost() + ":" + uri.getPort();
        // Placement traffic is a few commands per join and per heartbeat: two I/O threads are plenty, and a node
        // must not start one Lettuce thread per core next to its media event loops.
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // Lettuce cancels commands it waited on for longer than this; callers stop waiting at their deadline.
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                // Maintenance notifications are a Redis Enterprise/8.x feature; plain redis-server does not need them.
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .build());
    }

    String where() {
        return where;
    }

    /** The deadline (System.nanoTime) of a call starting now. */
    long deadline() {
        return System.nanoTime() + timeout.toNanos();
    }

    /** The async command API of the shared connection, connecting first if needed (within the deadline). */
    RedisAsyncCommands<String, String> commands(long deadline) {
        CompletableFuture<StatefulRedisConnection<String, String>> attempt;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("placement is closed");
            }
            if (connection == null || connection.isCompletedExceptionally()) {
                connection = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
            }
            attempt = connection;
        }
        return await(attempt, deadline).async();
    }

    /** Waits for {@code future} until {@code deadline}; every failure becomes {@link PlacementUnavailableException}. */
    <T> T await(Future<T> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new PlacementUnavailableException(where + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new PlacementUnavailableException(where + " is unavailable: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlacementUnavailableException("interrupted while waiting for " + where, e);
        } catch (RuntimeException e) {
            // Lettuce may also fail synchronously (e.g. a cancelled command).
            throw new PlacementUnavailableException(where + " is unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        CompletableFuture<StatefulRedisConnection<String, String>> last;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            last = connection;
        }
        if (last != null && last.isDone() && !last.isCompletedExceptionally()) {
            last.join().close();
        }
        // Closes any connection still being made, then the I/O threads; bounded so a node's shutdown cannot hang here.
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        try {
            resources.shutdown(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Lettuce keeps stopping its threads in the background; nothing else is held.
        }
    }
}
