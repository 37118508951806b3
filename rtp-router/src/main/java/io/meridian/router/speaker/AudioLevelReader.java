package io.meridian.router.speaker;

import io.meridian.router.PacketInfo;
import io.meridian.router.ReceiveStage;
import io.meridian.router.TrackKind;
import io.meridian.rtp.AudioLevel;

/** Hands each audio packet's level (RFC 6464 §3, client to mixer) of one participant to the speaker detector. */
final class AudioLevelReader implements ReceiveStage {
    private final SpeakerDetector detector;
    private final int speaker;
    private final int extensionId;

    AudioLevelReader(SpeakerDetector detector, int speaker, int extensionId) {
        this.detector = detector;
        this.speaker = speaker;
        this.extensionId = extensionId;
    }

    @Override
    public boolean accept(PacketInfo p) {
        if (p.stream().kind() == TrackKind.AUDIO && !p.stream().isRtx()) {
            int level = AudioLevel.level(p.array(), p.offset(), p.length(), extensionId);
            if (level >= 0) {
                detector.level(speaker, level, p.arrivalNanos());
            }
        }
        return true;
    }
}
