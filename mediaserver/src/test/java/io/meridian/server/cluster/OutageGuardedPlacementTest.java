package io.meridian.server.cluster;

import io.meridian.placement.ConferencePin;
import io.meridian.placement.InMemoryRegionPlacement;
import io.meridian.placement.PlacementUnavailableException;
import io.meridian.placement.RegionPlacement;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** After an outage, no conference is pinned anew until hosting nodes had time to restore their pins. */
class OutageGuardedPlacementTest {
    private static final Duration WINDOW = Duration.ofSeconds(4);

    private final FlakyStore store = new FlakyStore();
    private final long[] now = {1_000};
    private final OutageGuardedPlacement guarded = new OutageGuardedPlacement(store, WINDOW, () -> now[0]);

    @Test
    void failuresBeforeTheStoreFirstAnsweredDoNotHoldBackNewPins() {
        store.down = true;
        assertThrows(PlacementUnavailableException.class, () -> guarded.pinIfAbsent("a", "eu"));
        store.down = false;
        assertEquals("self", guarded.pinIfAbsent("a", "eu").nodeId());
    }

    @Test
    void afterAnOutageOnlyExistingPinsAreFollowedUntilTheWindowHasPassed() {
        guarded.pinIfAbsent("running", "eu");
        store.down = true;
        assertThrows(PlacementUnavailableException.class, () -> guarded.pinIfAbsent("new", "eu"));
        store.down = false;

        assertEquals("self", guarded.pinIfAbsent("running", "eu").nodeId(), "an existing pin is followed");
        assertThrows(PlacementUnavailableException.class, () -> guarded.pinIfAbsent("new", "eu"));
        now[0] += WINDOW.toNanos() - 1;
        assertThrows(PlacementUnavailableException.class, () -> guarded.pinIfAbsent("new", "eu"));
        now[0] += 2;
        assertEquals("self", guarded.pinIfAbsent("new", "eu").nodeId());
    }

    @Test
    void aFailingHeartbeatAlsoCountsAsAnOutage() {
        guarded.liveNodes();
        store.down = true;
        assertThrows(PlacementUnavailableException.class, () -> guarded.renew(List.of("x"), "self"));
        store.down = false;
        guarded.liveNodes();
        assertThrows(PlacementUnavailableException.class, () -> guarded.pinIfAbsent("new", "eu"));
    }

    /** An in-memory store that can be "unreachable". */
    private static final class FlakyStore implements RegionPlacement {
        private final RegionPlacement memory = new InMemoryRegionPlacement("self", "http://127.0.0.1:1",
                Clock.systemUTC());
        volatile boolean down;

        private void check() {
            if (down) {
                throw new PlacementUnavailableException("down", null);
            }
        }

        @Override
        public void heartbeat(io.meridian.placement.NodeInfo self) {
            check();
            memory.heartbeat(self);
        }

        @Override
        public List<io.meridian.placement.NodeInfo> liveNodes() {
            check();
            return memory.liveNodes();
        }

        @Override
        public ConferencePin pinIfAbsent(String conferenceId, String requestedRegion) {
            check();
            return memory.pinIfAbsent(conferenceId, requestedRegion);
        }

        @Override
        public Optional<ConferencePin> pinOf(String conferenceId) {
            check();
            return memory.pinOf(conferenceId);
        }

        @Override
        public void renew(Collection<String> conferenceIds, String nodeId) {
            check();
        }

        @Override
        public void release(String conferenceId, String nodeId) {
            check();
            memory.release(conferenceId, nodeId);
        }

        @Override
        public void close() {
            memory.close();
        }
    }
}
