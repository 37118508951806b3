package io.meridian.loadgen;

import java.security.SecureRandom;

/**
 * What a synthetic participant puts in its offer and on the wire: ICE credentials, msid ids and SSRCs. SSRCs stay
 * below 2^31 so they read the same as Java ints and as SDP's unsigned numbers.
 */
record ParticipantIdentity(String ufrag, String pwd, String cname, String streamId, long audioSsrc, long videoSsrc,
                           long rtxSsrc) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    static ParticipantIdentity random(String label) {
        long audio = ssrc();
        long video = ssrc();
        long rtx = ssrc();
        while (video == audio) {
            video = ssrc();
        }
        while (rtx == audio || rtx == video) {
            rtx = ssrc();
        }
        return new ParticipantIdentity(token(8), token(24), "cname-" + token(8), label + "-" + token(6), audio, video,
                rtx);
    }

    String audioTrackId() {
        return "audio-" + streamId;
    }

    String videoTrackId() {
        return "video-" + streamId;
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
