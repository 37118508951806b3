package io.meridian.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's UDP drop counters of this network namespace (/proc/net/snmp, "Udp:" RcvbufErrors + SndbufErrors).
 * Node and load generator share the machine, so a loss that shows up here was a full socket buffer (usually a
 * receiver that could not keep up), not a packet the node decided to drop.
 */
final class UdpDropCounters {
    private UdpDropCounters() {
    }

    /** RcvbufErrors + SndbufErrors, or -1 when the file is unreadable (not Linux). */
    static long read() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    List<String> names = List.of(lines.get(i).trim().split(" +"));
                    String[] values = lines.get(i + 1).trim().split(" +");
                    return Long.parseLong(values[names.indexOf("RcvbufErrors")])
                            + Long.parseLong(values[names.indexOf("SndbufErrors")]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Reported as unknown.
        }
        return -1;
    }
}
