package io.meridian.server.api;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A burst of joins costs each participant already in the conference at most two server offers (issue 19): one for
 * the first newcomers, one for everyone who came while it was in flight or being prepared; and every participant
 * ends with every other's tracks.
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class OfferCoalescingTest {
    private static final int BURST = 20;

    @Test
    void aBurstOfTwentyJoinsCostsEachParticipantAtMostTwoOffers() throws Exception {
        try (SecuredNode node = SecuredNode.start("--limits-joins-per-second-per-ip", "0")) {
            List<TestPeer> present = List.of(node.join("burst", "ann"), node.join("burst", "ben"),
                    node.join("burst", "cat"));
            for (TestPeer p : present) {
                for (TestPeer q : present) {
                    if (p != q) {
                        p.awaitAnsweredOfferWith(q);
                    }
                }
            }
            List<Integer> before = present.stream().map(p -> offers(p)).toList();

            ExecutorService joiners = Executors.newFixedThreadPool(BURST);
            List<TestPeer> newcomers = new ArrayList<>();
            try {
                List<Future<TestPeer>> joins = new ArrayList<>();
                for (int i = 0; i < BURST; i++) {
                    String name = "new" + i;
                    joins.add(joiners.submit(() -> node.join("burst", name)));
                }
                for (Future<TestPeer> join : joins) {
                    newcomers.add(join.get());
                }
            } finally {
                joiners.shutdownNow();
            }
            List<TestPeer> everyone = new ArrayList<>(present);
            everyone.addAll(newcomers);
            for (TestPeer p : everyone) {
                for (TestPeer q : everyone) {
                    if (p != q) {
                        p.awaitAnsweredOfferWith(q);
                    }
                }
            }
            for (int i = 0; i < present.size(); i++) {
                int burstOffers = offers(present.get(i)) - before.get(i);
                assertTrue(burstOffers <= 2, present.get(i).identity().streamId() + " got " + burstOffers
                        + " offers for a burst of " + BURST + " joins");
            }
        }
    }

    private static int offers(TestPeer peer) {
        return (int) peer.messages().stream().filter(m -> m.path("type").asText().equals("offer")).count();
    }
}
