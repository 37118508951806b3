package io.meridian.loadgen;

import java.util.List;
import java.util.Map;

/**
 * The figures of one run (written as JSON as they are). Latency and join times in milliseconds; CPU per egress
 * packet in microseconds of the node process's utime + stime over the measured window; the media loop's share of it
 * and the heap bytes that thread allocated per egress packet come from the server's own per-thread accounting (NaN
 * when the server does not report them). {@code nodeFeaturePackets} are what the node's loss recovery and congestion
 * control sent in the window (retransmissions, probes, feedback), not counted as egress packets.
 * {@code loadgenSendFailures}
 * are packets the load generator itself failed to send (they count as lost, so a non-zero value blames the
 * generator, not the node). {@code simulcast} is null unless publishers sent simulcast. {@code serverCpuPercentByThread} splits the window's server CPU by thread group (% of one core).
 * {@code stormServerCpuMillisPerJoinByThread} splits the storm's server CPU per join by thread group. {@code loadSamples} are the per-second figures from the first join to the end of the
 * window (what the PNG plot shows).
 */
record BenchResult(
        String scenario,
        String description,
        String target,
        String srtpProfile,
        int videoKbps,
        int machineCores,
        double measuredSeconds,
        int participants,
        int publishers,
        int receivers,
        int receiversWithAllMedia,
        int joinFailures,
        long signallingProblems,
        double serverCpuSeconds,
        Map<String, Double> serverCpuPercentByThread,
        long egressPackets,
        double cpuMicrosPerEgressPacket,
        double mediaLoopCpuMicrosPerEgressPacket,
        double mediaLoopBytesAllocatedPerEgressPacket,
        double egressPacketsPerSecond,
        double ingressPacketsPerSecond,
        long nodeDroppedPackets,
        Map<String, Long> nodeFeaturePackets,
        long latencySamples,
        double latencyP50Millis,
        double latencyP99Millis,
        double latencyP999Millis,
        double latencyMaxMillis,
        double nodeBatchDelayP50Millis,
        double nodeBatchDelayP99Millis,
        long expectedPackets,
        long lostPackets,
        double lossRatio,
        long reorderedPackets,
        long undecryptablePackets,
        int joinSamples,
        double joinP50Millis,
        double joinP99Millis,
        Map<String, Double> joinPhaseMedianMillis,
        double stormServerCpuMillisPerJoin,
        double stormGeneratorCpuMillisPerJoin,
        Map<String, Double> stormServerCpuMillisPerJoinByThread,
        double serverHeapBytesPerParticipant,
        double serverHeapUsedBytes,
        boolean heapAfterFullGc,
        int serverThreads,
        long loadgenSendFailures,
        long kernelUdpBufferDrops,
        SimulcastFigures simulcast,
        List<LoadSample> loadSamples) {
}
