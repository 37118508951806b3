package io.meridian.api;

import java.util.function.LongSupplier;

/**
 * The limits the HTTP and WebSocket layer enforces itself, each a node setting (the README's settings table); the
 * lifetime of tokens is {@link ApiAuth}'s.
 *
 * @param bodyBytes              largest request body ({@code 413 body_too_large})
 * @param joinsPerSecondPerIp    joins one client address may make a second, with a burst of as many; 0: no limit
 *                               ({@code 429 too_many_joins} with {@code Retry-After})
 * @param eventsMessageBytes     largest events-socket message, one frame or several (closed with 1009)
 * @param eventsMessagesPerSecond events-socket frames a socket may send a second, with a burst of as many (closed
 *                               with 1008)
 * @param clustered              whether other nodes forward joins here; those were counted where they arrived
 * @param nanos                  monotonic time of both rates; tests drive it by hand
 */
public record ApiLimits(int bodyBytes, int joinsPerSecondPerIp, int eventsMessageBytes, int eventsMessagesPerSecond,
                        boolean clustered, LongSupplier nanos) {
    /** An SDP offer from a browser is a few kilobytes; 256 KiB leaves ample room while bounding memory. */
    public static final int DEFAULT_BODY_BYTES = 256 * 1024;
    public static final int DEFAULT_JOINS_PER_SECOND_PER_IP = 20;
    /** Signalling messages carry SDP of a few kilobytes; larger ones come from broken or hostile clients. */
    public static final int DEFAULT_EVENTS_MESSAGE_BYTES = 256 * 1024;
    /**
     * A page may send a receive-video message for every remote video at once (to pause those it does not show), and
     * the default m-line bound lets a session receive about 128 of them: a burst of that and the answers fits.
     */
    public static final int DEFAULT_EVENTS_MESSAGES_PER_SECOND = 200;

    /** The defaults, on the system's monotonic clock, for a single node. */
    public static final ApiLimits DEFAULT = new ApiLimits(DEFAULT_BODY_BYTES, DEFAULT_JOINS_PER_SECOND_PER_IP,
            DEFAULT_EVENTS_MESSAGE_BYTES, DEFAULT_EVENTS_MESSAGES_PER_SECOND, false, System::nanoTime);
}
