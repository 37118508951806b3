package io.meridian.loadgen;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Adds up what every participant received once sending has stopped: latency over all receivers, loss per stream
 * against what its publisher actually sent, and join times. A stream counts from the first packet a receiver got of
 * it (the node starts forwarding only once the receiver's answer is applied) to the publisher's last packet, so
 * losses at the end of a run count too; a simulcast layer counts over the spans the node forwarded it (see
 * {@link ReceiveStats.StreamCount}). A track a receiver never got at all makes it a receiver without all media.
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
    /** Simulcast: packets received of each layer (whole run), and per receiver and track, the layer it ended on. */
    final long[] layerPackets = new long[SimulcastProfile.layers()];
    final long[] tracksOnLayer = new long[SimulcastProfile.layers()];
    long simulcastTracks;
    long tracksOnWishedLayer;
    long layerSwitches;

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
            List<PublishedStream> expectedStreams = publishedTo(receiver, everyone, conferences);
            if (expectedStreams.isEmpty()) {
                continue;
            }
            t.receivers++;
            t.latency.add(receiver.stats().latency());
            Map<Integer, ReceiveStats.StreamCount> got = receiver.stats().streams();
            for (PublishedStream stream : expectedStreams) {
                ReceiveStats.StreamCount count = got.get(stream.streamId());
                if (count == null) {
                    continue;
                }
                long should = count.expected(stream.lastSequence());
                // The receiver's SRTP replay check drops duplicates, so every counted packet is a distinct one.
                t.expected += should;
                t.lost += Math.max(0, should - count.packets);
                t.reordered += count.reordered;
                int layer = PublishedStream.layerOf(stream.streamId());
                if (layer >= 0) {
                    t.layerPackets[layer] += count.packets;
                }
            }
            java.util.Set<Integer> gotTracks = got.keySet().stream().map(PublishedStream::trackOf)
                    .collect(java.util.stream.Collectors.toSet());
            if (expectedStreams.stream().allMatch(stream -> gotTracks.contains(stream.trackId()))) {
                t.receiversWithAllMedia++;
            }
            t.tallyLayers(receiver, expectedStreams);
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

    /** Each simulcast track the receiver should get: the layer it ended on, and whether that is the one it asked for. */
    private void tallyLayers(BenchParticipant receiver, List<PublishedStream> expectedStreams) {
        Map<Integer, ReceiveStats.Track> got = receiver.stats().tracks();
        for (int track : simulcastTracksOf(expectedStreams)) {
            simulcastTracks++;
            ReceiveStats.Track t = got.get(track);
            if (t == null) {
                continue;
            }
            tracksOnLayer[t.currentLayer]++;
            layerSwitches += t.switches;
            if (t.currentLayer == receiver.wishedLayer(track)) {
                tracksOnWishedLayer++;
            }
        }
    }

    /** What the others in the receiver's conference publish (a simulcast track as each of its layers). */
    static List<PublishedStream> publishedTo(BenchParticipant receiver, List<BenchParticipant> everyone,
                                             Map<BenchParticipant, String> conferences) {
        return everyone.stream().filter(p -> p != receiver && conferences.get(p).equals(conferences.get(receiver)))
                .flatMap(p -> p.published().stream()).toList();
    }

    /** How many tracks these streams are. */
    static long tracksOf(List<PublishedStream> streams) {
        return streams.stream().mapToInt(PublishedStream::trackId).distinct().count();
    }

    /** The stamp ids of the simulcast tracks among these streams. */
    static int[] simulcastTracksOf(List<PublishedStream> streams) {
        return streams.stream().filter(s -> PublishedStream.layerOf(s.streamId()) >= 0)
                .mapToInt(PublishedStream::trackId).distinct().toArray();
    }
}
