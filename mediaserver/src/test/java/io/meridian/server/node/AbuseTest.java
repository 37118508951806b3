package io.meridian.server.node;

import io.meridian.client.PeerSdp;
import io.meridian.client.StunClient;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.metrics.PrometheusText;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.RawUdpSender;
import io.meridian.server.peer.TestPeer;
import io.meridian.server.transport.ReadAccounting;
import io.meridian.srtp.DtlsCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks on a running call, each from a participant or address that is not the victims': another participant's or
 * another conference's SSRC, a DTLS certificate that is not the one the SDP named, and a flood of STUN checks with
 * the victim's username and a wrong MESSAGE-INTEGRITY. Each is dropped, counted by reason in the metrics, and the
 * victims' media keeps flowing both ways. After each, every packet the node read is counted exactly once by what
 * became of it ({@code meridian_packets_read_total}). SRTP replays and forgeries are {@link SrtpRejectionTest}'s,
 * media from an unchecked address {@link UncheckedAddressTest}'s.
 */
@ExtendWith(LeakGuard.class)
@Timeout(180)
class AbuseTest {
    private static final int FLOOD = 1_000;
    private static final int FLOOD_CHUNK = 50;
    private static RunningNode node;
    private static TestPeer alice;
    private static TestPeer bob;
    /** The sequence number the victims send next. */
    private static int sequence = 1;

    @BeforeAll
    static void start() throws Exception {
        node = RunningNode.start();
        TestPeer[] victims = node.pair("victims", "alice", "bob");
        alice = victims[0];
        bob = victims[1];
        victimsKeepTheirMedia("before");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @AfterEach
    void everyPacketReadIsCountedOnceByWhatBecameOfIt() {
        ReadAccounting.assertEveryPacketCountedOnce(node.server);
        assertTrue(metric("meridian_packets_read_total", "outcome", "media") > 0, "media is an outcome");
    }

    @Test
    void anotherParticipantsOrConferencesSsrcIsDroppedAndCounted() {
        TestPeer mallory = node.join("victims", "mallory");
        alice.awaitAnsweredOfferWith(mallory);
        bob.awaitAnsweredOfferWith(mallory);
        TestPeer eve = node.pair("elsewhere", "eve", "evan")[0];
        double before = metric("meridian_media_packets_dropped_total", "reason", "unknown_ssrc");

        // Each encrypts with its own keys, so SRTP accepts them: only the SSRC lies.
        mallory.sendRtp(alice.identity().videoSsrc(), 40_000, PeerSdp.VP8_PT, "spoofed by mallory");
        mallory.sendRtp(bob.identity().audioSsrc(), 40_001, PeerSdp.OPUS_PT, "spoofed by mallory");
        eve.sendRtp(alice.identity().videoSsrc(), 40_002, PeerSdp.VP8_PT, "spoofed by eve");
        Poll.until("the three spoofed packets are dropped as unknown SSRCs", () -> {
            double dropped = metric("meridian_media_packets_dropped_total", "reason", "unknown_ssrc") - before;
            return dropped == 3 ? null : "dropped " + dropped;
        });

        victimsKeepTheirMedia("after spoofing");
        for (TestPeer victim : List.of(alice, bob)) {
            assertTrue(victim.received().rtp(alice.identity().videoSsrc()).stream()
                    .noneMatch(p -> p.payloadText().startsWith("spoofed")), "a spoofed packet was forwarded");
            assertTrue(victim.received().rtp(bob.identity().audioSsrc()).stream()
                    .noneMatch(p -> p.payloadText().startsWith("spoofed")), "a spoofed packet was forwarded");
        }
    }

    @Test
    void aCertificateThatIsNotTheOneTheSdpNamedFailsTheHandshakeAndIsCounted() {
        double before = metric("meridian_dtls_handshake_failures_total", "reason", "fingerprint_mismatch");
        String someoneElses = DtlsCertificate.generate().fingerprintSha256();

        int participants = node.server.conferences().participants("victims").size();

        assertThrows(AssertionError.class,
                () -> TestPeer.joinClaimingFingerprint(node.api, "victims", "impostor", someoneElses));

        Poll.until("the node counts the handshake as failed for the fingerprint", () -> {
            double failed = metric("meridian_dtls_handshake_failures_total", "reason", "fingerprint_mismatch");
            return failed == before + 1 ? null : "fingerprint_mismatch " + failed + ", was " + before;
        });
        Poll.until("the impostor is removed", () -> node.server.conferences().participants("victims").size()
                == participants ? null : "participants " + node.server.conferences().participants("victims").size());
        victimsKeepTheirMedia("after the impostor");
    }

    @Test
    void aFloodOfChecksWithTheVictimsUsernameAndAWrongPasswordIsRefusedAndCounted() throws Exception {
        String nodeUfrag = attribute(alice.answerSdp(), "a=ice-ufrag:");
        StunClient forger = new StunClient(nodeUfrag, "notTheSessionsPassword22", alice.identity().ufrag());
        double before = metric("meridian_ice_failures_total", "reason", "bad_integrity");

        try (RawUdpSender attacker = new RawUdpSender(node.server.mediaPort())) {
            for (int i = 0; i < FLOOD; i++) {
                attacker.send(forger.bindingRequest(1, true).bytes());
                if (i % FLOOD_CHUNK == FLOOD_CHUNK - 1) {
                    attacker.barrier(); // a full socket buffer would drop some: this test counts them all
                }
            }
        }

        assertEquals(before + FLOOD, metric("meridian_ice_failures_total", "reason", "bad_integrity"),
                "every forged check was refused as bad integrity");
        alice.consentCheck(); // the victim's own checks still pass: its session is untouched
        victimsKeepTheirMedia("after the flood");
    }

    /** Alice's video reaches Bob and Bob's audio reaches Alice, in packets sent now. */
    private static void victimsKeepTheirMedia(String payload) {
        flows(alice, bob, alice.identity().videoSsrc(), PeerSdp.VP8_PT, payload);
        flows(bob, alice, bob.identity().audioSsrc(), PeerSdp.OPUS_PT, payload);
    }

    private static void flows(TestPeer from, TestPeer to, long ssrc, int payloadType, String payload) {
        Poll.until(to.identity().streamId() + " receives " + from.identity().streamId() + "'s '" + payload + "'",
                () -> {
                    from.sendRtp(ssrc, sequence++ & 0xFFFF, payloadType, payload);
                    return to.received().rtp(ssrc).stream().anyMatch(p -> p.payloadText().equals(payload)) ? null
                            : "not yet";
                });
    }

    private static double metric(String sample, String... labels) {
        return PrometheusText.parse(node.api.get("/metrics").body()).value(sample, labels);
    }

    private static String attribute(String sdp, String prefix) {
        return sdp.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()).trim())
                .orElseThrow(() -> new AssertionError("no " + prefix + " in\n" + sdp));
    }
}
