package io.meridian.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A server process's figures from /proc (proc(5)), the same way for any server: resident set size and thread count
 * from /proc/PID/status, and the UDP datagram counters of the process's network namespace from /proc/PID/net/snmp.
 * For a server alone in its {@link NetNamespace}, those count every datagram it sent and received (RTP, RTCP,
 * STUN, DTLS; its HTTP API is TCP and not counted).
 */
record ProcessCounters(long outDatagrams, long inDatagrams, long residentBytes, int threads) {
    static ProcessCounters read(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long rss = -1;
        int threads = -1;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024; // kB
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring(8).trim());
            }
        }
        List<String> snmp = Files.readAllLines(proc.resolve("net/snmp"));
        for (int i = 0; i + 1 < snmp.size(); i++) {
            if (snmp.get(i).startsWith("Udp:") && snmp.get(i + 1).startsWith("Udp:")) {
                List<String> names = List.of(snmp.get(i).trim().split(" +"));
                String[] values = snmp.get(i + 1).trim().split(" +");
                return new ProcessCounters(Long.parseLong(values[names.indexOf("OutDatagrams")]),
                        Long.parseLong(values[names.indexOf("InDatagrams")]), rss, threads);
            }
        }
        throw new IOException(proc.resolve("net/snmp") + " has no Udp counters");
    }
}
