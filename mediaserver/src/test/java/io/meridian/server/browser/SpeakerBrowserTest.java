package io.meridian.server.browser;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.List;

import static io.meridian.server.browser.BrowserLab.JOIN_DEADLINE;
import static io.meridian.server.browser.BrowserLab.MEDIA_DEADLINE;
import static io.meridian.server.browser.BrowserLab.PART_DEADLINE;
import static io.meridian.server.browser.BrowserLab.POLL_INTERVAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Dominant speaker and last-N in the demo page, with real Chromium: three people whose fake microphones play speech
 * ({@link SpeechAudio}), two of them muted. The one who speaks becomes the conference's dominant speaker, every page
 * outlines his tile (his own page its own), and Bob, who chooses "1" in the Videos control, decodes his video alone.
 * When he falls silent and Carol speaks, the outline and Bob's one video follow her.
 */
@ExtendWith(LeakGuard.class)
class SpeakerBrowserTest {
    /** Frames of the speaker's video Bob decodes while the others' must stand still (about 4 s of a camera). */
    private static final long STRETCH_FRAMES = 60;

    private static BrowserLab lab;
    private static DemoPage alice;
    private static DemoPage bob;
    private static DemoPage carol;

    @BeforeAll
    static void buildTheNetwork() throws Exception {
        lab = BrowserLab.start("SpeakerBrowserTest", "sp", false);
        String speech = "--use-file-for-fake-audio-capture=" + SpeechAudio.write();
        alice = lab.open("alice", lab.publishers, speech);
        bob = lab.open("bob", lab.subscribers, speech);
        carol = lab.open("carol", lab.subscribers, speech);
    }

    @AfterAll
    static void removeEverything() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theSpeakerIsOutlinedAndLastNFollowsTheSpeaker() {
        String conference = "speaker-" + Long.toHexString(System.nanoTime());
        List<DemoPage> everyone = List.of(alice, bob, carol);
        try {
            for (DemoPage page : everyone) {
                page.joinWith(conference, page.name());
            }
            String aliceId = alice.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            String bobId = bob.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            String carolId = carol.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            bob.clickMicrophone();
            carol.clickMicrophone();
            bob.awaitMediaFrom(List.of(aliceId, carolId), true, MEDIA_DEADLINE, POLL_INTERVAL, lab::diagnostics);
            lab.step("Bob and Carol are muted; Bob decodes both others' video");

            awaitSpeaker(aliceId, alice);
            bob.chooseLastN(1);
            lab.step("Bob chose to see one video");
            assertOnlyVideoFrom(aliceId, carolId);

            alice.clickMicrophone();
            carol.clickMicrophone();
            lab.step("Alice is muted, Carol speaks");
            awaitSpeaker(carolId, carol);
            assertOnlyVideoFrom(carolId, aliceId);
            assertEquals(bobId, bob.participantId());
        } finally {
            lab.leave(everyone);
        }
    }

    /** Every page is told {@code speakerId} speaks, and outlines that tile (the speaker's page its own). */
    private static void awaitSpeaker(String speakerId, DemoPage speaker) {
        Poll.until("every page outlines " + speaker.name() + " as the dominant speaker", PART_DEADLINE, POLL_INTERVAL,
                () -> {
                    StringBuilder wrong = new StringBuilder();
                    for (DemoPage page : List.of(alice, bob, carol)) {
                        String outlined = page.outlinedTile();
                        String expected = page == speaker ? "local" : speakerId;
                        if (!speakerId.equals(page.dominantSpeaker()) || !expected.equals(outlined)) {
                            wrong.append(page.name()).append(" was told ").append(page.dominantSpeaker())
                                    .append(" and outlines ").append(outlined).append("; ");
                        }
                    }
                    return wrong.length() == 0 ? null : wrong.toString();
                }, lab::diagnostics);
        lab.step(speaker.name() + " is the dominant speaker on every page");
    }

    /**
     * Bob decodes the speaker's video and, once the change has reached him, none of the other's: while he decodes
     * {@link #STRETCH_FRAMES} more of the speaker's frames, the other's count stands still.
     */
    private static void assertOnlyVideoFrom(String speakerId, String otherId) {
        long[] other = {-1};
        Poll.until("Bob's video of the other stops", PART_DEADLINE, POLL_INTERVAL, () -> {
            long now = lab.receivedFrom(bob, otherId).framesDecoded();
            boolean still = now == other[0];
            other[0] = now;
            return still ? null : "still decoding the other's video: " + now + " frames";
        }, lab::diagnostics);
        long target = lab.receivedFrom(bob, speakerId).framesDecoded() + STRETCH_FRAMES;
        Poll.until("Bob decodes " + STRETCH_FRAMES + " more frames of the speaker", PART_DEADLINE, POLL_INTERVAL,
                () -> {
                    long decoded = lab.receivedFrom(bob, speakerId).framesDecoded();
                    return decoded >= target ? null : decoded + " of " + target;
                }, lab::diagnostics);
        assertEquals(other[0], lab.receivedFrom(bob, otherId).framesDecoded(),
                "Bob decoded none of the other's video while the speaker's went on");
        lab.step("Bob decodes only " + speakerId + "'s video");
    }
}
