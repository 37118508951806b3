package io.meridian.sdp;

/**
 * A description the server cannot accept. {@link #code()} is a stable snake_case reason that the HTTP and
 * WebSocket layers put in their error bodies; the message is a sentence a person can act on.
 *
 * <p>Codes: {@code not_sdp}, {@code missing_fingerprint}, {@code unsupported_fingerprint},
 * {@code missing_ice_credentials}, {@code unsupported_setup}, {@code no_usable_codec}, {@code not_bundled},
 * {@code invalid_renegotiation}, {@code offer_collision}, {@code stale_revision}, {@code unexpected_answer},
 * {@code unknown_rid} and {@code simulcast_layers} (RID simulcast, RFC 8853), and
 * for the {@link SdpLimits}: {@code sdp_too_large}, {@code line_too_long}, {@code too_many_media},
 * {@code too_many_lines}, {@code too_many_formats}, {@code too_many_ssrcs}, {@code token_too_long},
 * {@code too_many_tracks}.
 */
public final class SdpException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    public SdpException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
