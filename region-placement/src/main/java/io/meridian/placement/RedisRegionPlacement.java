package io.meridian.placement;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cluster placement in one shared Redis (through Lettuce), for nodes in several regions.
 *
 * <p>Keys (all prefixed {@value #PREFIX}):
 * <ul>
 *   <li>{@code meridian:node:<id>} - the node's {@link NodeInfo} as JSON, written by {@link #heartbeat} with
 *       {@code PX nodeTtl}: an entry disappears when its node stops heartbeating.</li>
 *   <li>{@code meridian:nodes} - the set of node ids ever seen; ids whose entry has expired are pruned when read.</li>
 *   <li>{@code meridian:pin:<conference>} - the {@link ConferencePin} as JSON, created with {@code SET NX PX pinTtl}
 *       (the first writer wins atomically) and kept alive by the hosting node's {@link #renew}: a pin disappears
 *       within {@code pinTtl} of its node dying.</li>
 * </ul>
 * The hosting node should heartbeat and renew well within the TTLs (every TTL/3 leaves room for two missed
 * rounds).
 *
 * <p>Failure: every call is bounded by the command timeout as a whole and throws
 * {@link PlacementUnavailableException} when Redis cannot answer in time or at all; the connection reconnects by
 * itself in the background (see {@link RedisLink}), so the same instance works again once Redis is back.
 *
 * <p>Beyond "extend only pins that name the node", {@link #renew} also <em>restores</em> a pin that is absent
 * when called by this instance's own node after a heartbeat (it knows its region and API URL then): a Redis
 * restarted without persistence, or an outage longer than the pin TTL, loses pins of conferences still running,
 * and without restoring them the next joiner could pin the same conference elsewhere and split the call. A pin
 * that names another node is never touched, so first-writer-wins still holds. So the caller must list only the
 * conferences it really hosts; a conference this instance released within the last pin TTL is never restored, so a
 * renewal racing with the end of its conference does not bring the pin back.
 *
 * <p>Thread-safe: one Lettuce connection (itself thread-safe) is shared by every caller.
 */
public final class RedisRegionPlacement implements RegionPlacement {
    public static final Duration DEFAULT_PIN_TTL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_NODE_TTL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);
    static final String PREFIX = "meridian:";
    static final String NODES_KEY = PREFIX + "nodes";
    /** Rounds of "read, else choose and SET NX" before giving up when the winner's pin keeps vanishing. */
    private static final int PIN_ATTEMPTS = 3;

    private final RedisLink link;
    private final String selfNodeId;
    private final RegionTable table;
    private final Duration pinTtl;
    private final Duration nodeTtl;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The last entry this node published about itself, used to restore its lost pins. */
    private volatile NodeInfo self;
    /** Conferences released here recently (System.nanoTime of the release): never restored by {@link #renew}. */
    private final ConcurrentMap<String, Long> released = new ConcurrentHashMap<>();

    /** Default TTLs (10 s) and command timeout (1 s), system clock. */
    public RedisRegionPlacement(String redisUrl, String selfNodeId, RegionTable table) {
        this(redisUrl, selfNodeId, table, DEFAULT_PIN_TTL, DEFAULT_NODE_TTL, DEFAULT_COMMAND_TIMEOUT,
                Clock.systemUTC());
    }

    /**
     * @param redisUrl       e.g. {@code redis://10.0.0.9:6379} or {@code rediss://:password@host:6380/0}
     * @param selfNodeId     this node's id
     * @param pinTtl         how long a pin outlives its last renewal (how fast a dead node's conferences move)
     * @param nodeTtl        how long a node entry outlives its last heartbeat
     * @param commandTimeout the longest any call waits for Redis, connecting included
     * @param clock          stamps {@link ConferencePin#pinnedAt()}; TTLs are measured by Redis itself
     */
    public RedisRegionPlacement(String redisUrl, String selfNodeId, RegionTable table, Duration pinTtl,
                                Duration nodeTtl, Duration commandTimeout, Clock clock) {
        this.selfNodeId = Objects.requireNonNull(selfNodeId, "selfNodeId");
        this.table = Objects.requireNonNull(table, "table");
        this.pinTtl = positiveMillis(pinTtl, "pinTtl");
        this.nodeTtl = positiveMillis(nodeTtl, "nodeTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.link = new RedisLink(Objects.requireNonNull(redisUrl, "redisUrl"),
                positiveMillis(commandTimeout, "commandTimeout"));
    }

    public Duration pinTtl() {
        return pinTtl;
    }

    public Duration nodeTtl() {
        return nodeTtl;
    }

    @Override
    public void heartbeat(NodeInfo node) {
        if (node.nodeId().equals(selfNodeId)) {
            self = node;
        }
        long deadline = link.deadline();
        RedisAsyncCommands<String, String> redis = link.commands(deadline);
        RedisFuture<String> entry = redis.set(nodeKey(node.nodeId()), PlacementJson.node(node),
                SetArgs.Builder.px(nodeTtl));
        RedisFuture<Long> listed = redis.sadd(NODES_KEY, node.nodeId());
        link.await(entry, deadline);
        link.await(listed, deadline);
    }

    @Override
    public List<NodeInfo> liveNodes() {
        long deadline = link.deadline();
        return liveNodes(link.commands(deadline), deadline);
    }

    private List<NodeInfo> liveNodes(RedisAsyncCommands<String, String> redis, long deadline) {
        List<String> ids = new ArrayList<>(link.await(redis.smembers(NODES_KEY), deadline));
        if (ids.isEmpty()) {
            return List.of();
        }
        ids.sort(null);
        List<KeyValue<String, String>> entries =
                link.await(redis.mget(ids.stream().map(RedisRegionPlacement::nodeKey).toArray(String[]::new)),
                        deadline);
        List<NodeInfo> live = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String value = entries.get(i).getValueOrElse(null);
            if (value == null) {
                expired.add(ids.get(i));
                continue;
            }
            try {
                live.add(PlacementJson.node(value));
            } catch (IllegalStateException | IllegalArgumentException e) {
                // One unreadable entry (a foreign writer, a newer format) must not stop every join: skip it.
            }
        }
        if (!expired.isEmpty()) {
            pruneNodes(redis, expired);
        }
        return List.copyOf(live);
    }

    /** Housekeeping, fire and forget: nobody waits for it, and a failure only leaves ids for the next read. */
    private static void pruneNodes(RedisAsyncCommands<String, String> redis, List<String> expired) {
        String[] keys = new String[expired.size() + 1];
        keys[0] = NODES_KEY;
        for (int i = 0; i < expired.size(); i++) {
            keys[i + 1] = nodeKey(expired.get(i));
        }
        redis.<Long>eval(PlacementScripts.PRUNE_NODES, ScriptOutputType.INTEGER, keys, expired.toArray(String[]::new))
                .exceptionally(e -> 0L);
    }

    @Override
    public ConferencePin pinIfAbsent(String conferenceId, String requestedRegion) {
        long deadline = link.deadline();
        RedisAsyncCommands<String, String> redis = link.commands(deadline);
        String key = pinKey(conferenceId);
        for (int attempt = 0; attempt < PIN_ATTEMPTS; attempt++) {
            String existing = link.await(redis.get(key), deadline);
            if (existing != null) {
                return PlacementJson.pin(conferenceId, existing);
            }
            NodeInfo chosen = NodeChooser.choose(requestedRegion, liveNodes(redis, deadline), table)
                    .orElseThrow(() -> new NoNodeAvailableException("no live, non-draining node in region "
                            + requestedRegion + " nor in its nearest regions " + table.preferenceFor(requestedRegion)
                            + " for conference " + conferenceId));
            ConferencePin pin = new ConferencePin(conferenceId, chosen.region(), chosen.nodeId(), chosen.apiUrl(),
                    clock.instant());
            String won = link.await(redis.set(key, PlacementJson.pin(pin), SetArgs.Builder.nx().px(pinTtl)),
                    deadline);
            if ("OK".equals(won)) {
                return pin;
            }
            // Another node pinned it first: the next round reads its pin (or, if that pin already vanished -
            // released or expired - chooses again).
        }
        throw new PlacementUnavailableException("the pin of conference " + conferenceId + " kept changing in "
                + link.where() + "; try again", null);
    }

    @Override
    public Optional<ConferencePin> pinOf(String conferenceId) {
        long deadline = link.deadline();
        String value = link.await(link.commands(deadline).get(pinKey(conferenceId)), deadline);
        return value == null ? Optional.empty() : Optional.of(PlacementJson.pin(conferenceId, value));
    }

    @Override
    public void renew(Collection<String> conferenceIds, String nodeId) {
        if (conferenceIds.isEmpty()) {
            return;
        }
        long deadline = link.deadline();
        RedisAsyncCommands<String, String> redis = link.commands(deadline);
        NodeInfo me = self;
        boolean canRestore = me != null && me.nodeId().equals(nodeId);
        String ttl = Long.toString(pinTtl.toMillis());
        long now = System.nanoTime();
        released.values().removeIf(at -> now - at > pinTtl.toNanos());
        List<RedisFuture<Long>> renewals = new ArrayList<>(conferenceIds.size());
        for (String conferenceId : conferenceIds) {
            String restore = canRestore && !released.containsKey(conferenceId)
                    ? PlacementJson.pin(new ConferencePin(conferenceId, me.region(), nodeId, me.apiUrl(),
                    clock.instant()))
                    : "";
            renewals.add(redis.eval(PlacementScripts.RENEW, ScriptOutputType.INTEGER,
                    new String[]{pinKey(conferenceId)}, nodeId, ttl, restore));
        }
        for (RedisFuture<Long> renewal : renewals) {
            link.await(renewal, deadline);
        }
    }

    @Override
    public void release(String conferenceId, String nodeId) {
        released.put(conferenceId, System.nanoTime());
        long deadline = link.deadline();
        link.await(link.commands(deadline).<Long>eval(PlacementScripts.RELEASE, ScriptOutputType.INTEGER,
                new String[]{pinKey(conferenceId)}, nodeId), deadline);
    }

    /**
     * Withdraws this node's registry entry (best effort, so other nodes stop choosing it at once rather than after
     * the node TTL), then closes the connection. Pins this node still holds expire by themselves.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (self != null) {
                long deadline = link.deadline();
                RedisAsyncCommands<String, String> redis = link.commands(deadline);
                RedisFuture<Long> unlisted = redis.srem(NODES_KEY, selfNodeId);
                link.await(redis.del(nodeKey(selfNodeId)), deadline);
                link.await(unlisted, deadline);
            }
        } catch (PlacementUnavailableException e) {
            // Redis is away: the entry expires after the node TTL anyway.
        } finally {
            link.close();
        }
    }

    static String nodeKey(String nodeId) {
        return PREFIX + "node:" + nodeId;
    }

    static String pinKey(String conferenceId) {
        return PREFIX + "pin:" + conferenceId;
    }

    private static Duration positiveMillis(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, got " + d);
        }
        return d;
    }
}
