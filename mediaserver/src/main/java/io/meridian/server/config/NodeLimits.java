package io.meridian.server.config;

import io.meridian.api.ApiLimits;
import io.meridian.sdp.SdpLimits;
import io.meridian.server.session.AdmissionLimits;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The {@code limits.*} settings: what one client, conference or socket may take of a node, so that none can cost
 * another conference anything. Each is refused with the error the README's settings table names.
 */
public record NodeLimits(int participantsPerConference, int conferencesPerNode, int joinsPerSecondPerIp,
                         int bodyBytes, SdpLimits sdp, int eventsMessageBytes, int eventsMessagesPerSecond,
                         Duration tokenLifetime) {

    /** The API's share, its rates on {@code nanos}; {@code clustered}: other nodes forward joins here. */
    public ApiLimits api(boolean clustered, LongSupplier nanos) {
        return new ApiLimits(bodyBytes, joinsPerSecondPerIp, eventsMessageBytes, eventsMessagesPerSecond, clustered,
                nanos);
    }

    /** The conference manager's share. */
    public AdmissionLimits admission() {
        return new AdmissionLimits(participantsPerConference, conferencesPerNode, sdp);
    }
}
