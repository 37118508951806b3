package io.meridian.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario (c): {@code --rooms} (default 25) conferences of four participants, everyone publishing audio and video:
 * many small calls on one node, the common shape of a busy SFU.
 */
final class RoomsScenario implements Scenario {
    static final int ROOM_SIZE = 4;

    @Override
    public String name() {
        return "rooms";
    }

    @Override
    public String describe(BenchOptions options) {
        return options.rooms() + " conferences of " + ROOM_SIZE + ", all publishing";
    }

    @Override
    public List<Participant> participants(BenchOptions options) {
        List<Participant> out = new ArrayList<>();
        for (int room = 0; room < options.rooms(); room++) {
            for (int i = 0; i < ROOM_SIZE; i++) {
                out.add(new Participant("bench-room-" + room, "r" + room + "p" + i, true));
            }
        }
        return out;
    }
}
