package io.meridian.loadgen;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Adds up what every participant received once sending has stopped: latency over all receivers, loss per stream
 * against what its publisher actually sent, and join times. A stream counts from the first packet a receiver got of
 * it (the node starts forwarding only once the receiver's answer is applied) to the publisher's last packet, so
 * losses at the end of a run count too. A stream a receiver never got at all makes it a receiver without all media.
 */
final class ReceptionTally {
    final Histogram latency = new Histogram(ReceiveStats.MAX_LATENCY_NANOS, 3);
    final Histogram joinMillis = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    long expected;
    long lost;
    long undecryptable;
    long sendFailures;
    long reordered;
    long signallingProblems;
    int receivers;
    int receiversWithAllMedia;

    /**
     * @param everyone     all participants of the run
     * @param timedJoins   participants whose join started while media was already flowing
     */
    static ReceptionTally of(List<BenchParticipant> everyone, Map<BenchParticipant, String> conferences,
                             List<BenchParticipant> timedJoins) {
        ReceptionTally t = new ReceptionTally();
        for (BenchParticipant receiver : everyone) {
            t.undecryptable += receiver.undecryptable();
            t.sendFailures += receiver.sendFailures();
            t.signallingProblems += receiver.signallingProblems().size();
            List<PublishedStream> expectedStreams = everyone.stream()
                    .filter(p -> p != receiver && conferences.get(p).equals(conferences.get(receiver)))
                    .flatMap(p -> p.published().stream()).toList();
            if (expectedStreams.isEmpty()) {
                continue;
            }
            t.receivers++;
            t.latency.add(receiver.stats().latency());
            boolean all = true;
            Map<Integer, ReceiveStats.StreamCount> got = receiver.stats().streams();
            for (PublishedStream stream : expectedStreams) {
                ReceiveStats.StreamCount count = got.get(stream.streamId());
                if (count == null) {
                    all = false;
                    continue;
                }
                long should = (long) stream.lastSequence() - count.firstSequence + 1;
                // The receiver's SRTP replay check drops duplicates, so every counted packet is a distinct one.
                t.expected += should;
                t.lost += Math.max(0, should - count.packets);
                t.reordered += count.reordered;
            }
            if (all) {
                t.receiversWithAllMedia++;
            }
        }
        for (BenchParticipant p : timedJoins) {
            long nanos = p.joinNanos();
            if (nanos > 0) {
                t.joinMillis.recordValue(Math.min(TimeUnit.NANOSECONDS.toMillis(nanos),
                        t.joinMillis.getHighestTrackableValue()));
            }
        }
        return t;
    }
}
