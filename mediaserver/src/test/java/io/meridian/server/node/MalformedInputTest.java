package io.meridian.server.node;

import io.meridian.router.DropReason;
import io.meridian.router.MediaCounters;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.client.ApiClient;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.RawUdpSender;
import io.meridian.server.peer.TestPeer;
import io.meridian.server.transport.ReadAccounting;
import io.meridian.server.transport.TransportCounters;
import io.meridian.srtp.DtlsCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile UDP and HTTP input is refused and counted; the node keeps serving and leaves nothing allocated. */
@ExtendWith(LeakGuard.class)
@Timeout(180)
class MalformedInputTest {
    /** Datagrams sent between two barriers: far below what the node's socket buffer holds. */
    private static final int BATCH = 100;

    private RunningNode node;

    @BeforeEach
    void start() throws Exception {
        node = RunningNode.start();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void garbageDatagramsNeverBreakTheNode() throws Exception {
        TestPeer[] pair = node.pair("garbage", "victim", "witness");
        TestPeer victim = pair[0];
        TestPeer witness = pair[1];
        long ssrc = victim.identity().audioSsrc();
        victim.sendUntilReceived(witness, ssrc, 1, PeerSdp.OPUS_PT, "before");

        Random random = new Random(20240611L);
        byte[] rr = new byte[8];
        RtcpPacket.writeRrHeader(rr, 0, (int) ssrc, 0);
        List<byte[]> truncations = new ArrayList<>();
        truncations.addAll(MalformedDatagrams.truncations(victim.bindingRequest(true)));
        truncations.addAll(MalformedDatagrams.truncations(MalformedDatagrams.clientHelloLike(random)));
        truncations.addAll(MalformedDatagrams.truncations(victim.protectRtp(ssrc, 50_000, PeerSdp.OPUS_PT, "cut")));
        truncations.addAll(MalformedDatagrams.truncations(victim.protectRtcp(rr)));

        TransportCounters transport = node.server.transportCounters();
        MediaCounters media = node.server.mediaCounters();
        try (RawUdpSender stranger = new RawUdpSender(node.server.mediaPort())) {
            sendPaced(MalformedDatagrams.random(random, 2000), stranger::send, stranger::barrier);
            sendPaced(truncations, stranger::send, stranger::barrier);
        }
        sendPaced(MalformedDatagrams.random(random, 1000), victim::sendRaw, victim::consentCheck);
        sendPaced(truncations, victim::sendRaw, victim::consentCheck);

        assertTrue(transport.unverifiedSource() > 0, "unverifiedSource");
        assertTrue(transport.unknownKind() > 0, "unknownKind");
        assertTrue(transport.stunMalformed() > 0, "stunMalformed");
        assertTrue(media.drops(DropReason.SRTP_AUTH_FAILED) > 0, "SRTP_AUTH_FAILED");
        assertTrue(media.drops(DropReason.MALFORMED_RTP) + media.drops(DropReason.SRTP_MALFORMED) > 0,
                "MALFORMED_RTP + SRTP_MALFORMED");
        assertFalse(witness.received().hasSequence(ssrc, 50_000), "a truncated packet was forwarded");
        // 4,000-odd datagrams of every kind, each counted once by what became of it (meridian_packets_read_total).
        ReadAccounting.assertEveryPacketCountedOnce(node.server);

        // The victim's own leg still works, and a fresh pair joins and talks both ways.
        victim.sendUntilReceived(witness, ssrc, 2, PeerSdp.OPUS_PT, "after");
        TestPeer[] fresh = node.pair("after-garbage", "fresh-a", "fresh-b");
        fresh[0].sendUntilReceived(fresh[1], fresh[0].identity().videoSsrc(), 1, PeerSdp.VP8_PT, "a to b");
        fresh[1].sendUntilReceived(fresh[0], fresh[1].identity().audioSsrc(), 1, PeerSdp.OPUS_PT, "b to a");
    }

    private static void sendPaced(List<byte[]> datagrams, Consumer<byte[]> send, Runnable barrier) {
        for (int i = 0; i < datagrams.size(); i++) {
            send.accept(datagrams.get(i));
            if (i % BATCH == BATCH - 1) {
                barrier.run();
            }
        }
        barrier.run();
    }

    @Test
    void badInvitesAreRefusedWithACodeAndLeaveNothingAllocated() {
        PeerIdentity id = PeerIdentity.random("bad");
        String offer = PeerSdp.joinOffer(id, DtlsCertificate.generate().fingerprintSha256());

        assertError(node.api.join("bad", PeerSdp.without(offer, "fingerprint")), 400, "missing_fingerprint");
        assertError(node.api.join("bad", PeerSdp.without(PeerSdp.without(offer, "ice-ufrag"), "ice-pwd")), 400,
                "missing_ice_credentials");
        assertError(node.api.join("bad", "this is not SDP"), 400, "not_sdp");
        assertError(node.api.join("bad.id", offer), 400, "invalid_id");
        assertError(node.api.join("x".repeat(65), offer), 400, "invalid_id");
        String participants = "/v1/conferences/bad/participants";
        assertError(node.api.post(participants, "application/json", "[\"sdp\"]"), 400, "invalid_json");
        assertError(node.api.post(participants, "application/json", "\"just a string\""), 400, "invalid_json");
        assertError(node.api.post(participants, "application/json", "{\"sdp\": "), 400, "invalid_json");

        assertTrue(node.server.conferences().conferences().isEmpty(),
                "refused invites left conferences: " + node.server.conferences().conferences());
        assertEquals(404, node.api.get("/v1/conferences/bad").status());
    }

    private static void assertError(ApiClient.Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.body());
        assertNotNull(reply.json(), "error body is not JSON: " + reply.body());
        assertEquals(code, reply.errorCode(), reply.body());
        assertTrue(reply.json().path("error").path("message").isTextual(), reply.body());
        assertFalse(reply.errorMessage().isBlank(), reply.body());
        assertEquals(1, reply.json().size(), "only 'error' at the top level: " + reply.body());
        assertEquals(2, reply.json().path("error").size(), "error has code and message: " + reply.body());
    }
}
