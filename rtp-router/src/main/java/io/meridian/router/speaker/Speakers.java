package io.meridian.router.speaker;

import io.meridian.router.DownStream;
import io.meridian.router.Leg;
import io.meridian.router.Periodic;
import io.meridian.router.RouterContext;
import io.meridian.router.TrackKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One conference's speakers: the {@link SpeakerDetector}, the order in which participants last spoke (the dominant
 * one first, then those who were dominant before, then the others as they joined: Jitsi's ConferenceSpeechActivity),
 * and last-N: a receiver is sent the video of the first N others in that order only, the rest paused at the node
 * (the smaller of the conference's N and the receiver's own; negative: everyone). Conference loop only.
 */
public final class Speakers implements Periodic {
    private final RouterContext context;
    private final SpeakerDetector detector = new SpeakerDetector();
    private final Map<Leg, Integer> ids = new HashMap<>();
    private final List<Leg> byId = new ArrayList<>();
    /** Most recently dominant first. */
    private final List<Leg> order = new ArrayList<>();
    private Leg dominant;
    private int conferenceLastN = -1;
    /** Whether last-N hid anything at the last tick (so that switching it off shows everything again). */
    private boolean lastNApplied;

    Speakers(RouterContext context) {
        this.context = context;
    }

    SpeakerDetector detector() {
        return detector;
    }

    /** The conference's speakers of {@code context} (made with the first leg). */
    public static Speakers of(RouterContext context) {
        return context.shared(Speakers.class, () -> new Speakers(context));
    }

    int add(Leg leg) {
        int id = byId.size();
        byId.add(leg);
        ids.put(leg, id);
        order.add(leg);
        detector.add(id);
        return id;
    }

    /** The dominant speaker, or null. */
    public Leg dominant() {
        return dominant;
    }

    /** Every receiver gets the video of at most {@code n} others (negative: all). */
    public void conferenceLastN(int n) {
        conferenceLastN = n;
        applyLastN();
    }

    /** The conference's last-N, negative when unlimited. */
    public int conferenceLastN() {
        return conferenceLastN;
    }

    @Override
    public void tick(long now) {
        dropDeparted();
        int id = detector.tick(now);
        Leg next = id < 0 || id >= byId.size() ? null : byId.get(id);
        if (next != null && next != dominant) {
            dominant = next;
            order.remove(next);
            order.add(0, next);
            context.listener().dominantSpeakerChanged(next);
        }
        // Every tick, not only on a change: a receiver's new subscriptions take their place at once.
        applyLastN();
    }

    /** Pauses or resumes each receiver's video by its place in the speaking order; resumed video gets a key frame. */
    private void applyLastN() {
        boolean inUse = conferenceLastN >= 0;
        for (Leg receiver : context.legs()) {
            inUse |= receiver.lastN() >= 0;
        }
        if (!inUse && !lastNApplied) {
            return;
        }
        lastNApplied = inUse;
        Map<Leg, Integer> rank = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            rank.put(order.get(i), i);
        }
        for (Leg receiver : context.legs()) {
            int n = effective(receiver.lastN());
            int own = rank.getOrDefault(receiver, Integer.MAX_VALUE);
            for (DownStream down : receiver.downStreams()) {
                if (down.source().kind() != TrackKind.VIDEO || down.source().isRtx()) {
                    continue;
                }
                int place = rank.getOrDefault(down.source().publisher(), Integer.MAX_VALUE);
                int others = place > own ? place - 1 : place; // the receiver does not count itself
                boolean shown = n < 0 || others < n;
                if (down.hiddenByLastN(!shown)) {
                    context.keyframes().request(down.source(), context.now());
                }
            }
        }
    }

    private int effective(int receiverN) {
        if (conferenceLastN < 0) {
            return receiverN;
        }
        return receiverN < 0 ? conferenceLastN : Math.min(receiverN, conferenceLastN);
    }

    private void dropDeparted() {
        if (order.size() == context.legs().size()) {
            return;
        }
        for (Leg leg : new ArrayList<>(order)) {
            if (!context.legs().contains(leg)) {
                order.remove(leg);
                Integer id = ids.remove(leg);
                if (id != null) {
                    detector.remove(id);
                    byId.set(id, null);
                }
                if (leg == dominant) {
                    dominant = null;
                }
            }
        }
    }
}
