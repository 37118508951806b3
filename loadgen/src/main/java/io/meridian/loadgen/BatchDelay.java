package io.meridian.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * The node's {@code meridian_media_batch_delay_seconds} histogram as scraped (upper bounds and cumulative counts),
 * and quantiles of what it recorded between two scrapes, interpolated within a bucket as Prometheus's
 * {@code histogram_quantile} does.
 */
record BatchDelay(double[] boundsSeconds, double[] cumulative) {
    static final String NAME = "meridian_media_batch_delay_seconds_bucket";

    /** The buckets from Prometheus text; null when the family is absent. */
    static BatchDelay parse(String text) {
        List<double[]> rows = new ArrayList<>();
        String prefix = NAME + "{le=\"";
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                int close = line.indexOf('"', prefix.length());
                String le = line.substring(prefix.length(), close);
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                double count = Double.parseDouble(line.substring(line.lastIndexOf('}') + 1).trim().split(" ")[0]);
                rows.add(new double[] {bound, count});
            }
        }
        if (rows.isEmpty()) {
            return null;
        }
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] bounds = new double[rows.size()];
        double[] counts = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            bounds[i] = rows.get(i)[0];
            counts[i] = rows.get(i)[1];
        }
        return new BatchDelay(bounds, counts);
    }

    /**
     * The {@code q} quantile (0..1) in milliseconds of the batches recorded after {@code before}; NaN when none
     * were, or when it falls in the +Inf bucket (reported as the largest finite bound would understate it).
     */
    double quantileMillisSince(BatchDelay before, double q) {
        int n = cumulative.length;
        double total = cumulative[n - 1] - before.cumulative[n - 1];
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double previousCount = 0;
        double previousBound = 0;
        for (int i = 0; i < n; i++) {
            double count = cumulative[i] - before.cumulative[i];
            if (count >= rank) {
                if (Double.isInfinite(boundsSeconds[i])) {
                    return Double.NaN;
                }
                double inBucket = count - previousCount;
                double fraction = inBucket == 0 ? 1 : (rank - previousCount) / inBucket;
                return (previousBound + (boundsSeconds[i] - previousBound) * fraction) * 1000;
            }
            previousCount = count;
            previousBound = boundsSeconds[i];
        }
        return Double.NaN;
    }
}
