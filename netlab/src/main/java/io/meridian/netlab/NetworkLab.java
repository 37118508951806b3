package io.meridian.netlab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small real network for tests and the bench: {@code ip netns} namespaces, each joined to the namespace of this
 * JVM (the lab's hub) by a veth pair on a /30 of its own, with a default route back through the hub. Programs are
 * started inside a namespace with {@link Namespace#exec}; its {@link Link} is shaped with {@code tc tbf} (rate) and
 * nftables (random loss). Whatever runs in this JVM (an in-process node) can bind {@link #hubAddress()}, which every
 * namespace reaches. Nothing is forwarded between namespaces, and a namespace routes the lab's range only: each one
 * talks to the hub alone.
 *
 * <p>Addresses are {@code 10.S.0.0/16} with S picked from this JVM's PID among second octets no address or route of
 * this namespace uses: the hub address is {@code 10.S.0.1/32} on {@code lo}, namespace i has {@code 10.S.i.2} inside
 * and {@code 10.S.i.1} (its gateway) on the hub's end of its pair. Names are {@code <prefix><pid>x<i>} (interfaces
 * add {@code h} on the hub's end and {@code n} inside).
 *
 * <p>Everything is removed by {@link #close()}: processes still running inside the namespaces are killed, the pairs
 * and namespaces deleted, the hub address dropped. A shutdown hook does the same when the JVM exits first, and a lab
 * left by a JVM killed with SIGKILL is removed by the next lab made with the same prefix (its PID is gone). Needs
 * root and iproute2; shaping also needs tc (iproute2) and nft (Debian package nftables).
 */
public final class NetworkLab implements AutoCloseable {
    private static final Pattern PREFIX = Pattern.compile("[a-z]{1,3}");
    private static final int MAX_NAMESPACES = 250;
    private static final int FIRST_SUBNET = 128;
    private static final int SUBNETS = 96;

    private final String id;
    private final int subnet;
    private final List<Namespace> namespaces = new ArrayList<>();
    private final Thread cleanup;
    private String hubAddress;
    private final List<String> extraHubAddresses = new java.util.ArrayList<>();
    private boolean closed;

    private NetworkLab(String id, int subnet) {
        this.id = id;
        this.subnet = subnet;
        this.cleanup = new Thread(this::remove, "netlab-remove-" + id);
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * What is missing here to make a lab (and, if {@code shaping}, to shape its links), each with how to get it;
     * empty when nothing is.
     */
    public static List<String> missing(boolean shaping) {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("network namespaces need root (run as root, e.g. inside `unshare --net` as scripts/test.sh "
                    + "does)");
        }
        if (!Commands.onPath("ip")) {
            missing.add("iproute2's 'ip' (apt-get install iproute2)");
        }
        if (shaping && !Commands.onPath("tc")) {
            missing.add("iproute2's 'tc' (apt-get install iproute2)");
        }
        if (shaping && !Commands.onPath("nft")) {
            missing.add("'nft' (apt-get install nftables)");
        }
        return missing;
    }

    /**
     * Makes an empty lab named {@code <prefix><this PID>}, first removing labs of the same prefix whose JVM is gone.
     * Tests and the bench use different prefixes, so neither removes the other's.
     */
    public static NetworkLab create(String prefix) throws IOException {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("lab prefix must be 1-3 lower-case letters: " + prefix);
        }
        removeStale(prefix);
        long pid = ProcessHandle.current().pid();
        return new NetworkLab(prefix + pid, freeSubnet(pid));
    }

    /**
     * A new namespace joined to the hub, with its loopback and its end of the pair up and a default route to the
     * hub; {@code role} names it in messages only.
     */
    public synchronized Namespace addNamespace(String role) throws IOException {
        if (closed) {
            throw new IllegalStateException("lab " + id + " is closed");
        }
        int index = namespaces.size() + 1;
        if (index > MAX_NAMESPACES) {
            throw new IllegalStateException("a lab holds at most " + MAX_NAMESPACES + " namespaces");
        }
        String prefix = "10." + subnet + "." + index + ".";
        Namespace ns = new Namespace(id + "x" + index, role, prefix + "2", prefix + "1");
        namespaces.add(ns);
        String inside = ns.interfaceName();
        String hub = ns.hubInterfaceName();
        try {
            Commands.run("ip", "netns", "add", ns.name());
            Commands.run("ip", "link", "add", hub, "type", "veth", "peer", "name", inside);
            Commands.run("ip", "link", "set", inside, "netns", ns.name());
            Commands.run("ip", "addr", "add", ns.gateway() + "/30", "dev", hub);
            Commands.run("ip", "link", "set", hub, "up");
            Commands.run(ns.exec(List.of("ip", "addr", "add", ns.address() + "/30", "dev", inside)));
            Commands.run(ns.exec(List.of("ip", "link", "set", inside, "up")));
            Commands.run(ns.exec(List.of("ip", "link", "set", "lo", "up")));
            // The lab's range only, no default route: anything else (a browser's DNS, proxy or update lookups) fails
            // at once instead of waiting for answers that never come.
            Commands.run(ns.exec(List.of("ip", "route", "add", labRange(), "via", ns.gateway())));
            return ns;
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /**
     * An address of this JVM's own namespace that every namespace of the lab reaches (by its default route): bind
     * an in-process server to it. Added to {@code lo} on first use.
     */
    public synchronized String hubAddress() throws IOException {
        if (hubAddress == null) {
            String address = "10." + subnet + ".0.1";
            Commands.run("ip", "link", "set", "lo", "up");
            Commands.run("ip", "addr", "add", address + "/32", "dev", "lo", "label", hubLabel(id));
            hubAddress = address;
        }
        return hubAddress;
    }

    /**
     * Another address of this JVM's namespace that every namespace reaches as it does {@link #hubAddress()}
     * ({@code 10.S.0.2}, then {@code .3}, ...): for a second server in the hub, such as a TURN relay, which then
     * needs nothing forwarded between namespaces to serve them.
     */
    public synchronized String addHubAddress() throws IOException {
        hubAddress();
        String address = "10." + subnet + ".0." + (2 + extraHubAddresses.size());
        Commands.run("ip", "addr", "add", address + "/32", "dev", "lo", "label", hubLabel(id));
        extraHubAddresses.add(address);
        return address;
    }

    public String name() {
        return id;
    }

    /** Every lab address: {@code 10.S.0.0/16}. */
    public String labRange() {
        return "10." + subnet + ".0.0/16";
    }

    /**
     * Starts a bulk TCP transfer from the hub into {@code ns} (a download filling its link): with a rate limit on
     * the link's {@link Direction#DOWN}, it keeps that queue full, so everything else going that way waits about
     * the queue's length (the round trip of a busy home link). Stopped by closing it, or with the lab.
     */
    public Download startDownload(Namespace ns) throws IOException {
        return Download.start(ns, hubAddress());
    }

    public synchronized List<Namespace> namespaces() {
        return List.copyOf(namespaces);
    }

    /** Removes every namespace and the hub address; idempotent, and never throws (it runs on failure paths). */
    @Override
    public void close() {
        remove();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs remove() again, which does nothing.
        }
    }

    private synchronized void remove() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            namespaces.get(i).close();
        }
        if (hubAddress != null) {
            Commands.quietly("ip", "addr", "del", hubAddress + "/32", "dev", "lo");
        }
        for (String address : extraHubAddresses) {
            Commands.quietly("ip", "addr", "del", address + "/32", "dev", "lo");
        }
    }

    /** The label of the hub address on lo ({@code lo:<id>}, at most 15 characters), by which a stale one is found. */
    private static String hubLabel(String id) {
        return "lo:" + id;
    }

    /** A second octet S no address or route of this namespace uses, starting from one picked by the PID. */
    private static int freeSubnet(long pid) throws IOException {
        String used = Commands.run("ip", "-4", "-o", "addr", "show") + Commands.run("ip", "-4", "route", "show");
        for (int k = 0; k < SUBNETS; k++) {
            int candidate = FIRST_SUBNET + (int) ((pid + k) % SUBNETS);
            if (!Pattern.compile("\\b10\\." + candidate + "\\.").matcher(used).find()) {
                return candidate;
            }
        }
        throw new IOException("every 10.S.0.0/16 with S in " + FIRST_SUBNET + ".." + (FIRST_SUBNET + SUBNETS - 1)
                + " is in use here");
    }

    /** Removes the namespaces and hub addresses of labs with this prefix whose JVM no longer runs. */
    private static void removeStale(String prefix) {
        Pattern namespace = Pattern.compile("^(" + prefix + "(\\d+)x\\d+)\\b");
        try {
            for (String line : Commands.run("ip", "netns", "list").split("\n")) {
                Matcher m = namespace.matcher(line.trim());
                if (m.find() && isGone(m.group(2))) {
                    Namespace.removeByName(m.group(1));
                }
            }
        } catch (IOException e) {
            // No namespaces listed: nothing stale to remove.
        }
        Pattern label = Pattern.compile("inet (\\S+) .*\\b" + Pattern.quote(hubLabel(prefix)) + "(\\d+)\\b");
        try {
            for (String line : Commands.run("ip", "-4", "-o", "addr", "show", "dev", "lo").split("\n")) {
                Matcher m = label.matcher(line);
                if (m.find() && isGone(m.group(2))) {
                    Commands.quietly("ip", "addr", "del", m.group(1), "dev", "lo");
                }
            }
        } catch (IOException e) {
            // lo unreadable: nothing to remove.
        }
    }

    private static boolean isGone(String pid) {
        return ProcessHandle.of(Long.parseLong(pid)).isEmpty();
    }
}
