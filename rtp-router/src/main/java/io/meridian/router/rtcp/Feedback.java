package io.meridian.router.rtcp;

import io.meridian.router.DropReason;
import io.meridian.router.InboundStream;
import io.meridian.router.Leg;
import io.meridian.router.RouterContext;

/** Rules that every relay of receiver feedback shares. */
final class Feedback {
    private Feedback() {
    }

    /**
     * The stream a receiver's feedback names, when the receiver really receives it from someone else; null for
     * feedback about a stream it does not get (which the node drops and counts rather than pass to a stranger).
     */
    static InboundStream receivedStream(RouterContext context, Leg from, int mediaSsrc) {
        InboundStream stream = context.stream(mediaSsrc);
        if (stream == null || stream.publisher() == from || from.downStream(stream.ssrc()) == null) {
            context.counters().dropped(DropReason.FEEDBACK_UNKNOWN_STREAM);
            return null;
        }
        return stream;
    }
}
