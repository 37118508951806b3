package io.meridian.loadgen;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where timed joins spent their time: the median of each phase over all of them, in milliseconds. */
final class JoinPhases {
    /** Offer sent to answer received; answer to ICE check passed; to DTLS done; answer to events socket open; DTLS
     * done to the first forwarded audio. */
    static final List<String> NAMES = List.of("answer", "ice", "dtls", "eventsSocket", "firstAudio");

    private JoinPhases() {
    }

    static Map<String, Double> medians(List<BenchParticipant> timedJoins) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int phase = 0; phase < NAMES.size(); phase++) {
            Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
            for (BenchParticipant p : timedJoins) {
                long[] phases = p.joinPhaseNanos();
                if (phases != null && phases[phase] >= 0) {
                    h.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(phases[phase]), h.getHighestTrackableValue()));
                }
            }
            if (h.getTotalCount() > 0) {
                out.put(NAMES.get(phase), h.getValueAtPercentile(50) / 1000.0);
            }
        }
        return out;
    }
}
