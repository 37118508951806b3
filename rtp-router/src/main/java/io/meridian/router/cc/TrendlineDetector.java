package io.meridian.router.cc;

/**
 * The delay-based half of GCC (draft-ietf-rmcat-gcc-02 §5.3-5.4, with the trendline filter of libwebrtc's later
 * versions in place of the Kalman filter): the one-way delay variation between packet groups is accumulated and
 * smoothed, a least-squares line is fitted over the last {@link #WINDOW} points, and its slope, scaled, is compared
 * with an adaptive threshold. A rising queue (a growing slope) is overuse; a draining one, underuse.
 */
final class TrendlineDetector {
    static final int WINDOW = 20;
    private static final double SMOOTHING = 0.9;
    private static final double GAIN = 4.0;
    /** §5.4: the threshold adapts up slowly and down fast, between these bounds (ms). */
    private static final double K_UP = 0.0087;
    private static final double K_DOWN = 0.039;
    private static final double MIN_THRESHOLD = 6;
    private static final double MAX_THRESHOLD = 600;
    /** §5.4: overuse must last this long (ms) before it is signalled. */
    private static final double OVERUSE_TIME = 10;
    private static final int MAX_DELTAS = 60;

    private final double[] times = new double[WINDOW];
    private final double[] delays = new double[WINDOW];
    private int points;
    private int next;
    private int deltas;
    private double firstArrival = Double.NaN;
    private double accumulated;
    private double smoothed;
    private double threshold = 12.5;
    private double lastThresholdUpdate = Double.NaN;
    private double previousTrend;
    private double timeOverUsing = -1;
    private int overuseCount;
    private BandwidthUsage state = BandwidthUsage.NORMAL;

    /**
     * One packet group after another: their send and arrival spacing (ms) and the later group's arrival time (ms).
     * Returns the path's state after it.
     */
    BandwidthUsage update(double sendDelta, double arrivalDelta, double arrivalTime) {
        double delta = arrivalDelta - sendDelta;
        deltas = Math.min(deltas + 1, MAX_DELTAS);
        if (Double.isNaN(firstArrival)) {
            firstArrival = arrivalTime;
        }
        accumulated += delta;
        smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * accumulated;
        times[next] = arrivalTime - firstArrival;
        delays[next] = smoothed;
        next = (next + 1) % WINDOW;
        points = Math.min(points + 1, WINDOW);
        if (points == WINDOW) {
            detect(slope(), sendDelta, arrivalTime);
        }
        return state;
    }

    BandwidthUsage state() {
        return state;
    }

    private double slope() {
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < WINDOW; i++) {
            meanX += times[i];
            meanY += delays[i];
        }
        meanX /= WINDOW;
        meanY /= WINDOW;
        double num = 0;
        double den = 0;
        for (int i = 0; i < WINDOW; i++) {
            num += (times[i] - meanX) * (delays[i] - meanY);
            den += (times[i] - meanX) * (times[i] - meanX);
        }
        return den == 0 ? 0 : num / den;
    }

    private void detect(double trend, double sendDelta, double now) {
        double modified = Math.min(deltas, MAX_DELTAS) * trend * GAIN;
        if (modified > threshold) {
            timeOverUsing = timeOverUsing < 0 ? sendDelta / 2 : timeOverUsing + sendDelta;
            overuseCount++;
            if (timeOverUsing > OVERUSE_TIME && overuseCount > 1 && trend >= previousTrend) {
                timeOverUsing = 0;
                overuseCount = 0;
                state = BandwidthUsage.OVERUSE;
            }
        } else if (modified < -threshold) {
            timeOverUsing = -1;
            overuseCount = 0;
            state = BandwidthUsage.UNDERUSE;
        } else {
            timeOverUsing = -1;
            overuseCount = 0;
            state = BandwidthUsage.NORMAL;
        }
        previousTrend = trend;
        adaptThreshold(modified, now);
    }

    private void adaptThreshold(double modified, double now) {
        if (Double.isNaN(lastThresholdUpdate)) {
            lastThresholdUpdate = now;
        }
        double magnitude = Math.abs(modified);
        if (magnitude > threshold + 15) {
            // A spike (a route change, a burst): don't let it drag the threshold along.
            lastThresholdUpdate = now;
            return;
        }
        double k = magnitude < threshold ? K_DOWN : K_UP;
        double dt = Math.min(now - lastThresholdUpdate, 100);
        threshold = Math.max(MIN_THRESHOLD, Math.min(MAX_THRESHOLD, threshold + k * (magnitude - threshold) * dt));
        lastThresholdUpdate = now;
    }
}
