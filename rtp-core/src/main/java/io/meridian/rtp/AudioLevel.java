package io.meridian.rtp;

/**
 * The client-to-mixer audio level header extension (RFC 6464, {@code urn:ietf:params:rtp-hdrext:ssrc-audio-level}):
 * one byte of data, in either RFC 8285 form (RFC 6464 §3, figures 1 and 2), holding the V flag (the sender's voice
 * activity detector thinks the packet holds speech; RFC 6464 §3 leaves it optional and advisory) and a 7-bit level in
 * -dBov, 0 the loudest and 127 digital silence (RFC 6464 §3).
 *
 * <p>{@link #read} gives both as one int so a caller looks the element up once per packet; nothing here allocates.
 */
public final class AudioLevel {
    public static final String URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** RFC 6464 §3: the element's data is one byte ({@code len=0} in the one-byte form, 1 in the two-byte form). */
    public static final int LENGTH = 1;
    /** RFC 6464 §3: the level of digital silence, and the largest the 7 bits hold. */
    public static final int SILENCE = 127;
    private static final int VOICE_BIT = 0x80;

    private AudioLevel() {
    }

    /**
     * The element's data byte under extension {@code id} as 0..255 ({@code V << 7 | level}), or -1 when the packet
     * carries no such element, its block is malformed, or the element is not exactly one byte long (libwebrtc too
     * refuses other lengths). Split it with {@link #levelOf} and {@link #voiceOf}.
     */
    public static int read(byte[] b, int off, int len, int id) {
        int at = RtpPacket.extensionData(b, off, len, id, LENGTH);
        return at < 0 ? -1 : b[at] & 0xFF;
    }

    /** The level in -dBov (0 loudest .. 127 silence), or -1 when the packet carries no valid element. */
    public static int level(byte[] b, int off, int len, int id) {
        return levelOf(read(b, off, len, id));
    }

    /** Whether the packet carries a valid element with the V flag set. */
    public static boolean voice(byte[] b, int off, int len, int id) {
        return voiceOf(read(b, off, len, id));
    }

    /** The level part of a {@link #read} result, or -1 when that was -1. */
    public static int levelOf(int read) {
        return read < 0 ? -1 : read & SILENCE;
    }

    /** The V flag of a {@link #read} result; false when that was -1. */
    public static boolean voiceOf(int read) {
        return read >= 0 && (read & VOICE_BIT) != 0;
    }
}
