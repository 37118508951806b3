package io.meridian.rtp.vp8;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemporalLayerFilterTest {
    @Test
    void aLayerIsWithinTheTargetsAtOrAboveIt() {
        assertTrue(TemporalLayerFilter.within(0, 0));
        assertTrue(TemporalLayerFilter.within(1, 2));
        assertFalse(TemporalLayerFilter.within(2, 1));
    }

    @Test
    void goingDownIsImmediateAndGoingUpWaitsForLayerSync() {
        TemporalLayerFilter filter = new TemporalLayerFilter();
        assertTrue(filter.accept(0, false, true, 2), "a key frame opens every layer up to the target");
        assertTrue(filter.accept(2, false, false, 2));
        assertFalse(filter.accept(1, false, false, 0), "target 0: at once");
        assertEquals(0, filter.current());
        assertFalse(filter.accept(1, false, false, 2), "no Y: it may reference TID 1 frames never sent");
        assertTrue(filter.accept(1, true, false, 2));
        assertEquals(1, filter.current());
        assertFalse(filter.accept(2, false, false, 2));
        assertTrue(filter.accept(2, true, false, 2));
        assertFalse(filter.accept(3, true, false, 2), "Y does not lift a layer above the target");
    }
}
