package io.meridian.router.speaker;

/**
 * The speech activity scores of Volfin and Cohen, "Dominant speaker identification for multipoint
 * videoconferencing" (Computer Speech and Language 27 (2013) 895-910), with the constants Jitsi's
 * DominantSpeakerIdentification and mediasoup's ActiveSpeakerObserver use.
 *
 * <p>On each time scale the paper counts active sub-units out of {@code N} (active sub-bands of a frame, active frames
 * of a medium block, active medium blocks of a long one) and scores the count {@code k} by the log-likelihood ratio of
 * "speech" (binomial: each sub-unit active with probability p) against "no speech" (exponential with rate lambda):
 * {@code ln C(N,k) + k ln p + (N-k) ln(1-p) - ln lambda + lambda k}. Like Jitsi, scores below a tiny positive floor are
 * raised to it, since the decision divides one speaker's score by another's and takes the logarithm. Only the
 * logarithms of the floored scores are ever needed, and the counts are small, so they are tabulated once here and
 * the decision never calls {@code Math.log}.
 */
final class ActivityScores {
    /** Immediate scale: the paper's sub-bands of a frame; here the level is quantised into 13 steps instead. */
    static final int N1 = 13;
    /** Medium scale: frames (20 ms levels) per medium block. */
    static final int N2 = 5;
    /** Long scale: medium blocks per long block, so one long block is 50 frames, a second. */
    static final int N3 = 10;
    /** Binomial p of the speech hypothesis, the same on every scale. */
    static final double P = 0.5;
    /** Exponential rates of the no-speech hypothesis per scale (Jitsi and mediasoup: 0.78, 24, 47). */
    static final double LAMBDA1 = 0.78;
    static final double LAMBDA2 = 24;
    static final double LAMBDA3 = 47;
    /** Floor of a score: positive so that a ratio of two scores and its logarithm are defined. */
    static final double MIN_SCORE = 1e-10;

    private static final double[] IMMEDIATE = lnScores(N1, LAMBDA1);
    private static final double[] MEDIUM = lnScores(N2, LAMBDA2);
    private static final double[] LONG = lnScores(N3, LAMBDA3);

    private ActivityScores() {
    }

    /** ln of the immediate score for {@code k} of {@link #N1} quantisation steps. */
    static double immediate(int k) {
        return IMMEDIATE[k];
    }

    /** ln of the medium score for {@code k} active frames of {@link #N2}. */
    static double medium(int k) {
        return MEDIUM[k];
    }

    /** ln of the long score for {@code k} active medium blocks of {@link #N3}. */
    static double longTerm(int k) {
        return LONG[k];
    }

    /** The floored score itself, for tests and diagnostics. */
    static double score(int n, int k, double lambda) {
        double s = lnBinomial(n, k) + k * Math.log(P) + (n - k) * Math.log(1 - P) - Math.log(lambda) + lambda * k;
        return Math.max(s, MIN_SCORE);
    }

    private static double[] lnScores(int n, double lambda) {
        double[] table = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            table[k] = Math.log(score(n, k, lambda));
        }
        return table;
    }

    /** ln C(n,k) as a sum of logarithms: exact enough and free of integer overflow for any n used here. */
    private static double lnBinomial(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }
}
