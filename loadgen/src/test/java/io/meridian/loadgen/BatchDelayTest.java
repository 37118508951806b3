package io.meridian.loadgen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing the node's batch-delay histogram and taking quantiles of the batches between two scrapes. */
class BatchDelayTest {
    private static String scrape(long b1, long b2, long inf) {
        return "# TYPE meridian_media_batch_delay_seconds histogram\n"
                + "meridian_media_batch_delay_seconds_bucket{le=\"0.001\",} " + b1 + ".0\n"
                + "meridian_media_batch_delay_seconds_bucket{le=\"2.5E-4\",} " + 0 + ".0\n"
                + "meridian_media_batch_delay_seconds_bucket{le=\"0.002\",} " + b2 + ".0\n"
                + "meridian_media_batch_delay_seconds_bucket{le=\"+Inf\",} " + inf + ".0\n"
                + "meridian_media_batch_delay_seconds_count " + inf + ".0\n";
    }

    @Test
    void quantilesInterpolateWithinTheBucketOfTheWindowsBatches() {
        BatchDelay before = BatchDelay.parse(scrape(100, 100, 100));
        // In the window: 0 batches up to 0.25 ms, 50 in (0.25, 1] ms, 50 in (1, 2] ms.
        BatchDelay after = BatchDelay.parse(scrape(150, 200, 200));

        assertEquals(1.0, after.quantileMillisSince(before, 0.5), 1e-9);
        assertEquals(1.98, after.quantileMillisSince(before, 0.99), 1e-9);
        assertEquals(0.25 + 0.75 * 0.2, after.quantileMillisSince(before, 0.1), 1e-9);
    }

    @Test
    void noBatchesOrTheInfiniteBucketGiveNaNAndAMissingFamilyNull() {
        BatchDelay before = BatchDelay.parse(scrape(1, 1, 1));
        assertTrue(Double.isNaN(before.quantileMillisSince(before, 0.5)));
        BatchDelay slow = BatchDelay.parse(scrape(1, 1, 11));
        assertTrue(Double.isNaN(slow.quantileMillisSince(before, 0.99)), "beyond the last finite bound");
        assertNull(BatchDelay.parse("meridian_participants 3.0\n"));
    }
}
