package io.meridian.client;

import java.security.SecureRandom;
import java.util.Set;

/**
 * What a peer puts in its offer and on the wire: ICE credentials, the msid stream and track ids and its SSRCs.
 * SSRCs are kept below 2^31 so they read the same as Java ints and as SDP's unsigned numbers.
 */
public record PeerIdentity(String ufrag, String pwd, String cname, String streamId, String audioTrackId,
                           String videoTrackId, long audioSsrc, long videoSsrc, long rtxSsrc) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static PeerIdentity random(String label) {
        String stream = label + "-" + token(6);
        long audio = ssrc();
        long video = ssrc();
        long rtx = ssrc();
        while (video == audio) {
            video = ssrc();
        }
        while (rtx == audio || rtx == video) {
            rtx = ssrc();
        }
        return new PeerIdentity(token(8), token(24), "cname-" + token(8), stream, "audio-" + stream,
                "video-" + stream, audio, video, rtx);
    }

    /** Every SSRC this peer sends with. */
    public Set<Long> ssrcs() {
        return Set.of(audioSsrc, videoSsrc, rtxSsrc);
    }

    private static long ssrc() {
        return 0x1000 + RANDOM.nextInt(Integer.MAX_VALUE - 0x1000);
    }

    private static String token(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
        }
        return out.toString();
    }
}
