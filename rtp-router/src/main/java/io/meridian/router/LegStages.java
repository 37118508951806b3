package io.meridian.router;

import java.util.ArrayList;
import java.util.List;

/** The stages factories install on one leg, in installation order; the leg keeps them as arrays. */
public final class LegStages {
    final List<ReceiveStage> receive = new ArrayList<>();
    final List<FeedbackStage> feedback = new ArrayList<>();
    final List<SendObserver> sendObservers = new ArrayList<>();
    final List<Periodic> periodic = new ArrayList<>();

    public LegStages receive(ReceiveStage stage) {
        receive.add(stage);
        return this;
    }

    public LegStages feedback(FeedbackStage stage) {
        feedback.add(stage);
        return this;
    }

    public LegStages sendObserver(SendObserver observer) {
        sendObservers.add(observer);
        return this;
    }

    public LegStages periodic(Periodic task) {
        periodic.add(task);
        return this;
    }
}
