package io.meridian.server.session;

import io.meridian.api.ApiException;
import io.meridian.sdp.SdpException;
import io.meridian.server.config.Setting;

import java.util.Map;
import java.util.Set;

/**
 * An SDP the node refuses, as the API's error: {@code 413} for a bound of the README's "Limits on offers" (each is a
 * size: of the whole, of a line, of a count of parts), saying which setting raises it when an operator can; {@code
 * 400} for anything else wrong with it.
 */
final class SdpRefusals {
    private static final Set<String> SIZES = Set.of("sdp_too_large", "line_too_long", "too_many_media",
            "too_many_lines", "too_many_formats", "too_many_ssrcs", "token_too_long", "too_many_tracks");
    private static final Map<String, Setting> RAISED_BY = Map.of(
            "too_many_media", Setting.LIMITS_SDP_MEDIA_LINES,
            "line_too_long", Setting.LIMITS_SDP_LINE_LENGTH,
            "too_many_tracks", Setting.LIMITS_TRACKS_PER_PARTICIPANT);

    private SdpRefusals() {
    }

    static ApiException of(SdpException e) {
        Setting setting = RAISED_BY.get(e.code());
        String message = setting == null ? e.getMessage()
                : e.getMessage() + " The node's setting " + setting.key() + " raises the limit.";
        return new ApiException(SIZES.contains(e.code()) ? 413 : 400, e.code(), message);
    }
}
