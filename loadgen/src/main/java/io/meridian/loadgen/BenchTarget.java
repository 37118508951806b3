package io.meridian.loadgen;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A server under test, started by the bench and measured from outside: its process (CPU, threads), its own packet
 * counters and the participants that join it.
 */
interface BenchTarget extends AutoCloseable {
    /** {@code meridian} or {@code janus}. */
    String name();

    long pid();

    /** A participant of this target's kind (not joined yet). */
    BenchParticipant participant(Scenario.Participant planned, int firstStreamId, MeasurementWindow window);

    /** The server's counters now. */
    ServerSample sample() throws IOException;

    /** Asks the server to drop its garbage before a memory sample; false when it cannot. */
    boolean collectGarbage();

    @Override
    void close();

    /** Starts a target for one run; {@code log} is where the server's output goes. */
    @FunctionalInterface
    interface Factory {
        BenchTarget start(Path log, BenchOptions options) throws IOException;
    }

    /**
     * @param egressPackets   packets the server sent (RTP, RTCP) since it started
     * @param ingressPackets  packets the server received since it started
     * @param droppedPackets  packets the server dropped by its own count, -1 when it does not say
     * @param memoryBytes     live memory: the JVM heap for Meridian, resident set size for a native server
     * @param threads         the server process's thread count
     * @param allocatedBytes  heap bytes allocated by the thread(s) forwarding media since start, -1 when unknown
     * @param mediaCpuSeconds CPU time of the thread(s) forwarding media since start, -1 when unknown
     * @param batchDelay      the server's read-batch delay histogram, null when it has none
     * @param featurePackets  packets the server's own features sent since start, by name (empty when unknown)
     */
    record ServerSample(double egressPackets, double ingressPackets, double droppedPackets, double memoryBytes,
                        int threads, double allocatedBytes, double mediaCpuSeconds, BatchDelay batchDelay,
                        java.util.Map<String, Double> featurePackets) {
        ServerSample(double egressPackets, double ingressPackets, double droppedPackets, double memoryBytes,
                     int threads) {
            this(egressPackets, ingressPackets, droppedPackets, memoryBytes, threads, -1, -1, null,
                    java.util.Map.of());
        }
    }
}
