package io.meridian.netlab;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A namespace's link to the hub, shaped in each {@link Direction} on its own. This kernel has no {@code netem}, so:
 * <ul>
 *   <li>rate: a {@code tc tbf} qdisc on the sending end of the pair (the namespace's end for {@link Direction#UP},
 *       the hub's for {@link Direction#DOWN}); its queue, bounded in delay, is what a delay-based bandwidth estimator
 *       sees grow before packets are dropped;</li>
 *   <li>loss: an nftables rule {@code meta l4proto udp numgen random mod 100 < N counter drop} on the namespace's
 *       end of the pair (netdev hook egress for UP, ingress for DOWN). A packet is dropped on the wire, so its sender
 *       never hears of it (a drop at the output hook would fail its send with EPERM). Only UDP is dropped: the media
 *       path loses packets, while the TCP a test drives its browser and the page's signalling over stays
 *       prompt.</li>
 * </ul>
 * Both live on the pair or in the namespace and go with them. Setting a shaping replaces the previous one of the same
 * kind and direction; 0 % loss and {@link #unlimited} remove it.
 */
public final class Link {
    /** netdev: the rules hook the namespace's end of the pair itself, as a lossy wire would drop. */
    private static final String FAMILY = "netdev";
    private static final String TABLE = "netlab";
    /** The table of {@link #reachOnly}: an inet one, for what the namespace itself sends. */
    private static final String WALL_TABLE = "netlab_wall";
    private static final Duration DEFAULT_QUEUE = Duration.ofMillis(200);
    private static final int MTU_FRAME = 1514;
    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+)");

    private final Namespace ns;
    private final Map<Direction, Long> droppedBefore = new EnumMap<>(Direction.class);
    private final Map<Direction, Integer> loss = new EnumMap<>(Direction.class);
    private boolean table;

    Link(Namespace ns) {
        this.ns = ns;
    }

    /** Drops {@code percent} of the UDP packets going {@code direction}, at random; 0 stops dropping. */
    public synchronized void loss(Direction direction, int percent) throws IOException {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("loss is a percentage: " + percent);
        }
        ensureTable();
        String chain = chain(direction);
        droppedBefore.merge(direction, counted(direction), Long::sum);
        nft("flush", "chain", FAMILY, TABLE, chain);
        loss.put(direction, percent);
        if (percent > 0) {
            nft("add", "rule", FAMILY, TABLE, chain, "meta", "l4proto", "udp", "numgen", "random", "mod", "100",
                    "<", Integer.toString(percent), "counter", "drop");
        }
    }

    /** The loss last set for {@code direction}, in percent. */
    public synchronized int loss(Direction direction) {
        return loss.getOrDefault(direction, 0);
    }

    /** UDP packets the loss rules of {@code direction} have dropped since the namespace was made. */
    public synchronized long dropped(Direction direction) throws IOException {
        return droppedBefore.getOrDefault(direction, 0L) + counted(direction);
    }

    /** Limits {@code direction} to {@code kbitPerSecond}, queueing up to 200 ms of it before dropping. */
    public void rate(Direction direction, long kbitPerSecond) throws IOException {
        rate(direction, kbitPerSecond, DEFAULT_QUEUE);
    }

    /** Limits {@code direction} to {@code kbitPerSecond}, queueing up to {@code queue} of it before dropping. */
    public void rate(Direction direction, long kbitPerSecond, Duration queue) throws IOException {
        if (kbitPerSecond <= 0 || queue.isNegative() || queue.isZero()) {
            throw new IllegalArgumentException("rate " + kbitPerSecond + " kbit/s, queue " + queue);
        }
        // The bucket holds 20 ms at the rate, and at least ten full frames (tbf refuses one below rate/HZ).
        long burst = Math.max(10L * MTU_FRAME, kbitPerSecond * 1000 / 8 / 50);
        tc(direction, "qdisc", "replace", "dev", device(direction), "root", "tbf", "rate", kbitPerSecond + "kbit",
                "burst", Long.toString(burst), "latency", queue.toMillis() + "ms");
    }

    /** Removes the rate limit of {@code direction}, if any. */
    public void unlimited(Direction direction) {
        try {
            tc(direction, "qdisc", "del", "dev", device(direction), "root");
        } catch (IOException e) {
            // There was none.
        }
    }

    /** Removes every shaping: no loss, no rate limit, either way. */
    public void clear() throws IOException {
        for (Direction direction : Direction.values()) {
            loss(direction, 0);
            unlimited(direction);
        }
    }

    /** The qdiscs and rules in force with their counters, for a failure message; never throws. */
    public String describe() {
        StringBuilder out = new StringBuilder("link of ").append(ns).append(":\n");
        for (Direction direction : Direction.values()) {
            try {
                out.append("  ").append(direction).append(" qdisc: ")
                        .append(tc(direction, "-s", "qdisc", "show", "dev", device(direction)).trim()
                                .replace("\n", "\n    "))
                        .append('\n');
            } catch (IOException e) {
                out.append("  ").append(direction).append(" qdisc: (").append(e.getMessage()).append(")\n");
            }
        }
        try {
            out.append("  nft: ").append(table ? nft("list", "table", FAMILY, TABLE).trim().replace("\n", "\n    ")
                    : "(no rules)");
        } catch (IOException e) {
            out.append("  nft: (").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    private long counted(Direction direction) throws IOException {
        if (!table) {
            return 0;
        }
        Matcher m = COUNTER.matcher(nft("list", "chain", FAMILY, TABLE, chain(direction)));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * A firewall on what this namespace sends: only to {@code open}, each an address ({@code "192.0.2.1"}: anything
     * to it) or an address and TCP port ({@code "192.0.2.1 tcp 8080"}), and replies to connections made to it;
     * everything else is dropped (a network that
     * lets a client reach a TURN relay and the API, and nothing else). Removed with the namespace.
     */
    public void reachOnly(List<String> open) throws IOException {
        nft("add", "table", "inet", WALL_TABLE);
        nft("add", "chain", "inet", WALL_TABLE, "out", "{ type filter hook output priority 0 ; policy drop ; }");
        nft("add", "rule", "inet", WALL_TABLE, "out", "oif", "lo", "accept");
        // Replies to what others opened (the test's own control of a browser inside) pass; new flows are judged.
        nft("add", "rule", "inet", WALL_TABLE, "out", "ct", "state", "established,related", "accept");
        for (String destination : open) {
            String[] parts = destination.trim().split("\\s+");
            List<String> rule = new java.util.ArrayList<>(List.of("add", "rule", "inet", WALL_TABLE, "out", "ip",
                    "daddr", parts[0]));
            if (parts.length == 3 && parts[1].equals("tcp")) {
                rule.addAll(List.of("tcp", "dport", parts[2]));
            } else if (parts.length != 1) {
                throw new IllegalArgumentException("not ADDRESS or ADDRESS tcp PORT: " + destination);
            }
            rule.add("accept");
            nft(rule.toArray(new String[0]));
        }
    }

    private void ensureTable() throws IOException {
        if (table) {
            return;
        }
        String device = "device \"" + ns.interfaceName() + "\"";
        nft("add", "table", FAMILY, TABLE);
        nft("add", "chain", FAMILY, TABLE, chain(Direction.UP),
                "{ type filter hook egress " + device + " priority 0 ; policy accept ; }");
        nft("add", "chain", FAMILY, TABLE, chain(Direction.DOWN),
                "{ type filter hook ingress " + device + " priority 0 ; policy accept ; }");
        table = true;
    }

    private static String chain(Direction direction) {
        return direction == Direction.UP ? "up" : "down";
    }

    private String device(Direction direction) {
        return direction == Direction.UP ? ns.interfaceName() : ns.hubInterfaceName();
    }

    /** tc on the sending end: inside the namespace for UP, in the hub for DOWN. */
    private String tc(Direction direction, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("tc"));
        command.addAll(List.of(args));
        return Commands.run(direction == Direction.UP ? ns.exec(command) : command);
    }

    private String nft(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("nft"));
        command.addAll(List.of(args));
        return Commands.run(ns.exec(command));
    }
}
