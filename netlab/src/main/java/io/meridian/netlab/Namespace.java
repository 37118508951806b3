package io.meridian.netlab;

import java.util.ArrayList;
import java.util.List;

/**
 * One namespace of a {@link NetworkLab}, joined to the lab's hub (the JVM's own namespace) by a veth pair. Made and
 * removed by its lab.
 */
public final class Namespace {
    private final String name;
    private final String role;
    private final String address;
    private final String gateway;
    private final Link link;
    private final java.util.concurrent.atomic.AtomicInteger ports = new java.util.concurrent.atomic.AtomicInteger();
    private boolean closed;

    Namespace(String name, String role, String address, String gateway) {
        this.name = name;
        this.role = role;
        this.address = address;
        this.gateway = gateway;
        this.link = new Link(this);
    }

    /** The {@code ip netns} name. */
    public String name() {
        return name;
    }

    /** What the test called it (a browser's name, "node"). */
    public String role() {
        return role;
    }

    /** Its address, on its end of the pair: what its programs bind and send from. */
    public String address() {
        return address;
    }

    /** The hub's end of the pair, its default gateway: the source of what the hub sends it. */
    public String gateway() {
        return gateway;
    }

    /** Its end of the pair (e.g. for a program's interface allow list). */
    public String interfaceName() {
        return name + "n";
    }

    /** The hub's end of the pair, in the JVM's namespace. */
    public String hubInterfaceName() {
        return name + "h";
    }

    /** Its link to the hub, to shape. */
    public Link link() {
        return link;
    }

    /** A TCP port no earlier caller got: each program serving inside (several browsers' drivers) gets its own. */
    public int nextPort(int base) {
        return base + ports.getAndIncrement();
    }

    /** {@code command} prefixed so that it runs inside this namespace ({@code ip netns exec} execs, never forks). */
    public List<String> exec(List<String> command) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", name));
        out.addAll(command);
        return out;
    }

    @Override
    public String toString() {
        return role + " (" + name + ", " + address + ")";
    }

    /** Kills what still runs inside, deletes the pair and the namespace; idempotent, never throws. */
    synchronized void close() {
        if (!closed) {
            closed = true;
            removeByName(name);
        }
    }

    static void removeByName(String name) {
        try {
            for (String pid : Commands.run("ip", "netns", "pids", name).trim().split("\\s+")) {
                if (!pid.isEmpty()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(Commands::killTree);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // No such namespace, or nothing inside.
        }
        // Deleting the namespace drops its end of the pair and with it the hub's, but only once the kernel frees
        // the namespace; deleting the hub's end first removes the pair (and its qdisc) at once.
        Commands.quietly("ip", "link", "del", name + "h");
        Commands.quietly("ip", "netns", "del", name);
    }
}
