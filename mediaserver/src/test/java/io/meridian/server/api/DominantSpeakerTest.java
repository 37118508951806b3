package io.meridian.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dominant speaker and last-N through a real node: three participants send 20 ms audio packets with RFC 6464 levels,
 * one speaking (loud, varying like speech) and two silent. Within two seconds of audio the speaker is dominant and
 * every participant gets a dominant-speaker event; a receiver with last-N = 1 is sent video only from the dominant
 * speaker, and when another starts speaking (and the first stops), the event and the video follow within two
 * seconds of audio; one who joins later is told who speaks at once. Audio is paced as a microphone paces it, 50 packets a second; the bounds count packets sent.
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class DominantSpeakerTest {
    /** Two seconds of 20 ms packets. */
    private static final int TWO_SECONDS = 100;

    private int sequence;

    @Test
    void theLoudestSpeakerBecomesDominantAndLastNFollowsHim() throws Exception {
        try (SecuredNode node = SecuredNode.start()) {
            TestPeer ann = node.join("speakers", "ann");
            TestPeer ben = node.join("speakers", "ben");
            TestPeer cat = node.join("speakers", "cat");
            List<TestPeer> all = List.of(ann, ben, cat);
            for (TestPeer receiver : all) {
                for (TestPeer other : all) {
                    if (other != receiver) {
                        receiver.awaitAnsweredOfferWith(other);
                    }
                }
            }
            cat.sendSignal("{\"type\":\"last-n\",\"lastN\":1}");

            int packets = speakUntilDominant(ann, List.of(ben, cat), all);
            assertTrue(packets <= TWO_SECONDS, "ann dominant after " + packets + " packets of audio");
            assertEquals(List.of(), videoFrom(cat, ben, ann), "with last-N 1, cat sees only the dominant speaker");

            packets = speakUntilDominant(ben, List.of(ann, cat), all);
            assertTrue(packets <= TWO_SECONDS, "ben dominant after " + packets + " packets of audio");
            assertEquals(List.of(), videoFrom(cat, ann, ben), "cat's one video now is ben's");

            TestPeer dan = node.join("speakers", "dan");
            Poll.until("dan, who joins while ben is the dominant speaker, is told so",
                    () -> lastDominant(dan).equals(ben.participantId()) ? null : "told " + lastDominant(dan));
        }
    }

    /**
     * {@code speaker} talks (levels 20-40 dBov below the top, changing every packet, with the short pauses of speech at
     * a room's background, -93 dBov: the detector weighs speech against each speaker's own noise floor, which only a
     * non-silent level tells), the others are muted (127, silence), until every participant was told
     * {@code speaker} is dominant; returns how many packets that took.
     */
    private int speakUntilDominant(TestPeer speaker, List<TestPeer> silent, List<TestPeer> all)
            throws InterruptedException {
        for (int n = 1; n <= 5 * TWO_SECONDS; n++) {
            sequence++;
            speaker.sendAudioLevel(sequence, n % 9 == 0 || n % 13 == 0 ? 93 : 20 + (n * 7) % 20);
            for (TestPeer quiet : silent) {
                quiet.sendAudioLevel(sequence, 127);
            }
            if (all.stream().allMatch(p -> lastDominant(p).equals(speaker.participantId()))) {
                return n;
            }
            Thread.sleep(20); // a microphone's pace, not a wait for something to happen
        }
        throw new AssertionError(speaker.participantId() + " never became dominant for everyone: "
                + all.stream().map(DominantSpeakerTest::lastDominant).toList());
    }

    private static String lastDominant(TestPeer peer) {
        List<JsonNode> events = peer.messages().stream()
                .filter(m -> m.path("type").asText().equals("dominant-speaker")).toList();
        return events.isEmpty() ? "" : events.get(events.size() - 1).path("participantId").asText();
    }

    /**
     * Both publishers send video until {@code receiver} has some of {@code shown}'s; returns what it got of
     * {@code hidden}'s since (empty when last-N holds it back).
     */
    private List<Integer> videoFrom(TestPeer receiver, TestPeer hidden, TestPeer shown) {
        long hiddenSsrc = hidden.identity().videoSsrc();
        long shownSsrc = shown.identity().videoSsrc();
        int before = receiver.received().rtp(hiddenSsrc).size();
        int[] next = {sequence * 3};
        Poll.until(receiver.participantId() + " receives " + shown.participantId() + "'s video", () -> {
            next[0]++;
            hidden.sendRtp(hiddenSsrc, next[0] & 0xFFFF, 96, "hidden");
            shown.sendRtp(shownSsrc, next[0] & 0xFFFF, 96, "shown");
            return receiver.received().rtp(shownSsrc).stream().anyMatch(r -> r.payloadText().equals("shown"))
                    ? null : "got SSRCs " + receiver.received().ssrcs();
        });
        return receiver.received().rtp(hiddenSsrc).subList(before, receiver.received().rtp(hiddenSsrc).size())
                .stream().filter(r -> r.payloadText().equals("hidden")).map(r -> r.sequence()).toList();
    }
}
