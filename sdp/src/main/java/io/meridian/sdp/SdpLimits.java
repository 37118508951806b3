package io.meridian.sdp;

import java.util.HashSet;
import java.util.Set;

/**
 * Bounds on every part of a description a client sends, so that hostile input costs bounded work and memory and
 * cannot inflate what the server writes for others: a publisher's cname, msid and codec parameters are copied
 * into every receiver's offers. Each bound is several times what browsers and WebRTC stacks write; the README
 * lists them under "Limits on offers". Exceeding one is an {@link SdpException} with the code named here.
 *
 * <p>Three bounds are the node's to choose (its settings), the others are fixed:
 *
 * @param maxMediaLines      {@code too_many_media}: m-lines. A session has the client's own m-lines plus one per
 *                           track of every other publisher (RFC 8829 §5.2.2: m-lines are never removed), so this
 *                           also bounds what a participant can receive: the default 256 is a receiver in a conference
 *                           of 127 publishers of audio and video, and a Chromium re-offer that large would already
 *                           pass {@link #MAX_LENGTH}.
 * @param maxLineLength      {@code line_too_long}: one line. The longest real lines (a sha-512 fingerprint, a
 *                           candidate with its extensions, an m= line with 128 payload types) stay under 600
 *                           characters.
 * @param maxPublishedTracks {@code too_many_tracks}: the tracks one offer sends (a simulcast track is one). A camera,
 *                           a microphone and a screen share with its sound are four.
 */
public record SdpLimits(int maxMediaLines, int maxLineLength, int maxPublishedTracks) {
    public static final int DEFAULT_MEDIA_LINES = 256;
    public static final int DEFAULT_LINE_LENGTH = 1024;
    public static final int DEFAULT_PUBLISHED_TRACKS = 16;
    public static final SdpLimits DEFAULT = new SdpLimits(DEFAULT_MEDIA_LINES, DEFAULT_LINE_LENGTH,
            DEFAULT_PUBLISHED_TRACKS);

    /**
     * {@code sdp_too_large}: the whole description. A 30-track Chromium offer is about 40 KiB; the HTTP body and
     * the events socket message are bounded by the node's settings as well.
     */
    static final int MAX_LENGTH = 256 * 1024;

    /**
     * {@code token_too_long}: a mid. JSEP asks for 3 bytes or fewer (RFC 8829 §5.2.1); 16 is what the one-byte
     * RTP header extension that carries the mid can hold (RFC 8285 §4.2, RFC 8843 §15).
     */
    static final int MAX_MID_LENGTH = 16;

    /**
     * {@code too_many_lines}: lines of the session part or of one m-line. A Chromium video m-line with every
     * codec, its rtx and feedback has under 200.
     */
    static final int MAX_SECTION_LINES = 512;

    /** {@code too_many_formats}: payload types on an m= line. RTP has 128 (a 7-bit field, RFC 3550 §5.1). */
    static final int MAX_FORMATS = 128;

    /**
     * {@code too_many_ssrcs}: distinct SSRCs in an m-line's {@code a=ssrc} lines. A track has one, two with rtx;
     * Chromium's SSRC-signalled simulcast has six (three layers with rtx).
     */
    static final int MAX_SSRCS = 32;

    /**
     * {@code token_too_long}: a rid, bounded like a mid, as it travels in the same kind of header extension (RFC 8852).
     */
    static final int MAX_RID_LENGTH = 16;

    /** {@code token_too_long}: a cname, which RTCP carries as an SDES item of at most 255 octets (RFC 3550 §6.5). */
    static final int MAX_CNAME_LENGTH = 255;

    /** {@code token_too_long}: each of the two msid identifiers (RFC 8830 §2: {@code 1*64token-char}). */
    static final int MAX_MSID_ID_LENGTH = 64;

    public SdpLimits {
        if (maxMediaLines < 1 || maxLineLength < 1 || maxPublishedTracks < 1) {
            throw new IllegalArgumentException("SDP limits must be positive: " + maxMediaLines + " m-lines, "
                    + maxLineLength + " characters a line, " + maxPublishedTracks + " tracks");
        }
    }

    /**
     * {@code line_too_long}: an {@code a=group} line lists mids, so its bound follows from theirs: every m-line's
     * mid at full length after {@code a=group:BUNDLE}.
     */
    int maxGroupLineLength() {
        return "a=group:BUNDLE".length() + maxMediaLines * (1 + MAX_MID_LENGTH);
    }

    static void checkLength(String text) throws SdpException {
        if (text.length() > MAX_LENGTH) {
            throw new SdpException("sdp_too_large", "The SDP has " + text.length() + " characters; the limit is "
                    + MAX_LENGTH + ".");
        }
    }

    void checkLine(String line) throws SdpException {
        int max = line.startsWith("a=group:") ? maxGroupLineLength() : maxLineLength;
        if (line.length() > max) {
            throw new SdpException("line_too_long", "The line starting \"" + line.substring(0, 20) + "\" has "
                    + line.length() + " characters; the limit is " + max + ".");
        }
    }

    /** Checks that a section, the session part ({@code mediaIndex} -1) or an m-line, can take one more line. */
    static void checkSectionLines(DescriptionSection<?> section, int mediaIndex) throws SdpException {
        if (section.fields().size() + section.attributes().size() >= MAX_SECTION_LINES) {
            throw new SdpException("too_many_lines", (mediaIndex < 0 ? "The session part" : "m-line " + mediaIndex)
                    + " has more than " + MAX_SECTION_LINES + " lines.");
        }
    }

    /** Checks that a description with {@code count} m-lines can take one more. */
    void checkMediaCount(int count) throws SdpException {
        if (count >= maxMediaLines) {
            throw new SdpException("too_many_media", "The SDP has more than " + maxMediaLines + " m-lines.");
        }
    }

    /** Checks the tracks an offer sends, before anything of it is applied. */
    void checkPublishedTracks(ClientOffer offer) throws SdpException {
        long tracks = offer.media().stream().filter(m -> m.publishedTrack() != null).count();
        if (tracks > maxPublishedTracks) {
            throw new SdpException("too_many_tracks", "The offer sends " + tracks + " tracks; the limit is "
                    + maxPublishedTracks + " per participant.");
        }
    }

    static void checkFormatCount(int count) throws SdpException {
        if (count > MAX_FORMATS) {
            throw new SdpException("too_many_formats", "An m= line lists " + count + " formats; the limit is "
                    + MAX_FORMATS + ".");
        }
    }

    /** The identifiers of one m-line of an offer: mid, rids, msid, and the SSRCs with their cname and msid. */
    static void checkTokens(int index, MediaDescription media) throws SdpException {
        Set<String> ssrcs = new HashSet<>();
        for (Attribute attribute : media.attributes()) {
            String value = attribute.value();
            if (value == null) {
                continue;
            }
            switch (attribute.name()) {
                case "mid" -> checkToken(index, "mid", value, MAX_MID_LENGTH);
                case "rid" -> checkToken(index, "rid", SdpTokens.words(value)[0], MAX_RID_LENGTH);
                case "msid" -> checkMsid(index, value);
                case "ssrc" -> {
                    // RFC 5576 §4.1: a=ssrc:<ssrc-id> <attribute>[:<value>]
                    String[] parts = value.trim().split(" ", 2);
                    if (ssrcs.add(parts[0]) && ssrcs.size() > MAX_SSRCS) {
                        throw new SdpException("too_many_ssrcs", "m-line " + index + " describes more than "
                                + MAX_SSRCS + " SSRCs.");
                    }
                    String source = parts.length < 2 ? "" : parts[1].trim();
                    if (source.startsWith("cname:")) {
                        checkToken(index, "cname", source.substring("cname:".length()), MAX_CNAME_LENGTH);
                    } else if (source.startsWith("msid:")) {
                        checkMsid(index, source.substring("msid:".length()));
                    }
                }
                default -> { }
            }
        }
    }

    private static void checkMsid(int index, String value) throws SdpException {
        for (String id : SdpTokens.words(value)) {
            checkToken(index, "msid identifier", id, MAX_MSID_ID_LENGTH);
        }
    }

    private static void checkToken(int index, String what, String value, int max) throws SdpException {
        if (value.length() > max) {
            throw new SdpException("token_too_long", "A " + what + " in m-line " + index + " has " + value.length()
                    + " characters; the limit is " + max + ".");
        }
    }
}
