package io.meridian.server.transport;

import io.meridian.server.MeridianServer;
import io.meridian.server.peer.Poll;

import java.util.List;

/** The node's read accounting ({@link ReadOutcomes}) as a test checks it: every packet read counted exactly once. */
public final class ReadAccounting {
    private ReadAccounting() {
    }

    /** Waits until the outcomes add up to the datagrams and frames read (the loops may still be handling some). */
    public static void assertEveryPacketCountedOnce(MeridianServer node) {
        List<MediaLoop> loops = node.mediaLoops().loops();
        Poll.until("the outcomes add up to the packets read", () -> {
            long read = ReadOutcomes.packetsRead(loops);
            long counted = ReadOutcomes.of(loops, node.transportCounters()).values().stream()
                    .mapToLong(Long::longValue).sum();
            return read == counted ? null : read + " read, " + counted + " counted: "
                    + ReadOutcomes.of(loops, node.transportCounters());
        });
    }
}
