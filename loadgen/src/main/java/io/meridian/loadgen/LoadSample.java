package io.meridian.loadgen;

/**
 * One interval (normally one second) of a run, as seen by {@link LoadSampler}. Rates are over the interval's own
 * wall time ({@code intervalSeconds}), so an interval stretched by a skipped (failed) sample is still right.
 *
 * @param elapsedSeconds           end of the interval, seconds since the sampler started (the first join)
 * @param intervalSeconds          wall time the interval covers
 * @param participants             participants joined when the interval ended
 * @param egressPacketsPerSecond   packets the server sent per second over the interval (the load)
 * @param cpuPercent               server CPU time over the interval, in % of one core (may exceed 100)
 * @param cpuMicrosPerEgressPacket server CPU µs per packet sent; NaN when it sent none
 * @param latencySamples           one-way latencies recorded in the interval
 * @param latencyP50Millis         median one-way latency in ms; NaN when {@code latencySamples} is 0
 * @param latencyP99Millis         99th percentile one-way latency in ms; NaN when none
 * @param latencyMaxMillis         highest one-way latency in ms; NaN when none
 */
record LoadSample(double elapsedSeconds, double intervalSeconds, int participants, double egressPacketsPerSecond,
                  double cpuPercent, double cpuMicrosPerEgressPacket, long latencySamples, double latencyP50Millis,
                  double latencyP99Millis, double latencyMaxMillis) {
}
