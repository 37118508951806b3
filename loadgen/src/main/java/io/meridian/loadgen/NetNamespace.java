package io.meridian.loadgen;

import io.meridian.netlab.Namespace;
import io.meridian.netlab.NetworkLab;

import java.io.IOException;
import java.util.List;

/**
 * A network namespace of the bench's own, holding the server under test: a {@link NetworkLab} (module netlab, the
 * project's one harness for namespaces) with one namespace, joined to this (the load generator's) namespace by a
 * veth pair. Janus's ICE agent gathers no candidates on loopback interfaces, so it needs an address of its own;
 * Meridian is run the same way when both are compared, so both are measured alike. The kernel's UDP counters of the
 * namespace (/proc/PID/net/snmp) then count the server's datagrams alone.
 *
 * <p>Removed by {@link #close()}, by the lab's shutdown hook if the JVM is stopped first, or, after a SIGKILL, by the
 * next bench (labs named {@code mb<pid>} whose PID is gone are stale).
 */
final class NetNamespace implements AutoCloseable {
    private static final String LAB_PREFIX = "mb";

    private final NetworkLab lab;
    private final Namespace ns;

    private NetNamespace(NetworkLab lab, Namespace ns) {
        this.lab = lab;
        this.ns = ns;
    }

    /** What is missing to make a namespace here, with how to get it; null when nothing is. */
    static String missingPrerequisite() {
        List<String> missing = NetworkLab.missing(false);
        return missing.isEmpty() ? null : "the bench's namespace needs " + String.join("; ", missing);
    }

    /** Creates lab {@code mb<this PID>} with the server's namespace; removes stale ones of dead benches first. */
    static NetNamespace create() throws IOException {
        NetworkLab lab = NetworkLab.create(LAB_PREFIX);
        try {
            return new NetNamespace(lab, lab.addNamespace("server"));
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** The server's address, inside the namespace. */
    String serverAddress() {
        return ns.address();
    }

    /** The interface inside the namespace (Janus's {@code ice_enforce_list}). */
    String serverInterface() {
        return ns.interfaceName();
    }

    /** {@code command} prefixed so that it runs inside the namespace ({@code ip netns exec} execs, never forks). */
    List<String> exec(List<String> command) {
        return ns.exec(command);
    }

    /** Removes the pair and the namespace (killing what still runs there); idempotent, never throws. */
    @Override
    public void close() {
        lab.close();
    }
}
