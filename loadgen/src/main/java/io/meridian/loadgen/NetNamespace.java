package io.meridian.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network namespace of the bench's own, holding the server under test, joined to this (the load generator's)
 * namespace by a veth pair on a /30: {@link #hostAddress()} on this side, {@link #serverAddress()} inside. Janus's
 * ICE agent gathers no candidates on loopback interfaces, so it needs an address of its own; Meridian is run the
 * same way when both are compared, so both are measured alike. The kernel's UDP counters of the namespace
 * (/proc/PID/net/snmp) then count the server's datagrams alone.
 *
 * <p>Made with iproute2's {@code ip} (needs root) and removed by {@link #close()} or, if the JVM is stopped first,
 * a shutdown hook. A namespace left by a bench killed with SIGKILL is removed by the next bench: names carry the
 * creating JVM's PID ({@code mb<pid>}), and a name whose PID is gone is stale.
 */
final class NetNamespace implements AutoCloseable {
    private static final Pattern OURS = Pattern.compile("^mb(\\d+)\\b");
    private static final long COMMAND_TIMEOUT_SECONDS = 20;

    private final String name;
    private final String hostAddress;
    private final String serverAddress;
    private final Thread cleanup;
    private boolean closed;

    private NetNamespace(String name, String hostAddress, String serverAddress) {
        this.name = name;
        this.hostAddress = hostAddress;
        this.serverAddress = serverAddress;
        this.cleanup = new Thread(this::remove, "bench-netns-remove");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** What is missing to make a namespace here, with how to get it; null when nothing is. */
    static String missingPrerequisite() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network namespaces need root (run the bench as root)";
        }
        if (!onPath("ip")) {
            return "iproute2's 'ip' is not installed (apt-get install iproute2)";
        }
        return null;
    }

    /** Creates namespace {@code mb<this PID>} with its veth pair; removes stale ones of dead benches first. */
    static NetNamespace create() throws IOException {
        removeStale();
        long pid = ProcessHandle.current().pid();
        String name = "mb" + pid;
        int index = (int) (pid % 250);
        String host = "10.231." + index + ".1";
        String server = "10.231." + index + ".2";
        NetNamespace ns = new NetNamespace(name, host, server);
        try {
            quietly("ip", "link", "del", ns.hostInterface());
            quietly("ip", "netns", "del", name);
            run("ip", "netns", "add", name);
            run("ip", "link", "add", ns.hostInterface(), "type", "veth", "peer", "name", ns.serverInterface());
            run("ip", "link", "set", ns.serverInterface(), "netns", name);
            run("ip", "addr", "add", host + "/30", "dev", ns.hostInterface());
            run("ip", "link", "set", ns.hostInterface(), "up");
            run("ip", "netns", "exec", name, "ip", "addr", "add", server + "/30", "dev", ns.serverInterface());
            run("ip", "netns", "exec", name, "ip", "link", "set", ns.serverInterface(), "up");
            run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
            return ns;
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    /** The load generator's end of the pair. */
    String hostAddress() {
        return hostAddress;
    }

    /** The server's address, inside the namespace. */
    String serverAddress() {
        return serverAddress;
    }

    /** The interface inside the namespace (Janus's {@code ice_enforce_list}). */
    String serverInterface() {
        return name + "n";
    }

    private String hostInterface() {
        return name + "h";
    }

    /** {@code command} prefixed so that it runs inside the namespace ({@code ip netns exec} execs, never forks). */
    List<String> exec(List<String> command) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", name));
        out.addAll(command);
        return out;
    }

    /** Removes the pair and the namespace; idempotent, and never throws (it runs on failure paths). */
    @Override
    public void close() {
        remove();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs remove() again, which is harmless.
        }
    }

    private synchronized void remove() {
        if (closed) {
            return;
        }
        closed = true;
        // Deleting the namespace deletes its end of the pair and with it the other end; the explicit link delete
        // covers a namespace that never got its end (a failed create).
        quietly("ip", "link", "del", hostInterface());
        quietly("ip", "netns", "del", name);
    }

    private static void removeStale() {
        String list;
        try {
            list = output("ip", "netns", "list");
        } catch (IOException e) {
            return;
        }
        for (String line : list.split("\n")) {
            Matcher m = OURS.matcher(line.trim());
            if (m.find() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                String stale = "mb" + m.group(1);
                quietly("ip", "link", "del", stale + "h");
                quietly("ip", "netns", "del", stale);
            }
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
    }

    private static void run(String... command) throws IOException {
        output(command);
    }

    private static void quietly(String... command) {
        try {
            output(command);
        } catch (IOException e) {
            // Already gone.
        }
    }

    private static String output(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out.trim());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
