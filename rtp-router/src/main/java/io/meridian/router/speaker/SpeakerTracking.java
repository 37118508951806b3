package io.meridian.router.speaker;

import io.meridian.router.Leg;
import io.meridian.router.LegStages;
import io.meridian.router.Periodic;
import io.meridian.router.RouterContext;
import io.meridian.router.StageFactory;

import java.util.List;

/**
 * Who speaks, and who is seen: each participant's audio levels (RFC 6464) go to its conference's
 * {@link Speakers}, which names the dominant speaker and pauses the video of those past each receiver's last-N.
 */
public final class SpeakerTracking implements StageFactory {
    @Override
    public void installOnConference(RouterContext context, List<Periodic> periodic) {
        periodic.add(context.shared(Speakers.class, () -> new Speakers(context)));
    }

    @Override
    public void installOnLeg(Leg leg, RouterContext context, LegStages stages) {
        Speakers speakers = context.shared(Speakers.class, () -> new Speakers(context));
        int id = speakers.add(leg);
        int extensionId = leg.negotiated().audioLevelId();
        if (extensionId != 0) {
            stages.receive(new AudioLevelReader(speakers.detector(), id, extensionId));
        }
    }
}
