package io.meridian.router;

import java.util.ArrayList;
import java.util.List;

/** Keeps every upward event a conference raised, in order. */
final class RecordingListener implements MediaListener {
    record Reception(Leg receiver, double fractionLost, double jitterMillis, double roundTripMillis) {
    }

    record Keyframe(Leg publisher, int ssrc) {
    }

    record LayersNeeded(Leg publisher, String trackId, List<String> rids, int layers) {
    }

    final List<Reception> receptions = new ArrayList<>();
    final List<Keyframe> keyframes = new ArrayList<>();
    final List<Leg> firstForwards = new ArrayList<>();
    final List<Leg> dominantSpeakers = new ArrayList<>();
    final List<LayersNeeded> layersNeeded = new ArrayList<>();
    /** Receives each bandwidth estimate, when a test wants them. */
    java.util.function.LongConsumer bandwidth = bps -> { };

    @Override
    public void dominantSpeakerChanged(Leg speaker) {
        dominantSpeakers.add(speaker);
    }

    @Override
    public void layersNeeded(Leg publisher, String trackId, List<String> rids, int layers) {
        layersNeeded.add(new LayersNeeded(publisher, trackId, List.copyOf(rids), layers));
    }

    @Override
    public void bandwidthEstimated(Leg receiver, long bps) {
        bandwidth.accept(bps);
    }

    @Override
    public void keyframeNeeded(Leg publisher, int ssrc) {
        keyframes.add(new Keyframe(publisher, ssrc));
    }

    @Override
    public void firstPacketForwarded(Leg receiver, long nanos) {
        firstForwards.add(receiver);
    }

    @Override
    public void receptionReported(Leg receiver, double fractionLost, double jitterMillis, double roundTripMillis) {
        receptions.add(new Reception(receiver, fractionLost, jitterMillis, roundTripMillis));
    }

    Reception lastReception(Leg receiver) {
        for (int i = receptions.size() - 1; i >= 0; i--) {
            if (receptions.get(i).receiver() == receiver) {
                return receptions.get(i);
            }
        }
        throw new AssertionError("no reception report from " + receiver.participantId());
    }
}
