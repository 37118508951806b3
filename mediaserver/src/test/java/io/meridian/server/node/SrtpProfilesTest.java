package io.meridian.server.node;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.ReceivedMedia;
import io.meridian.server.peer.TestPeer;
import io.meridian.srtp.SrtpProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each SRTP profile the node supports is negotiated on its own, and media crosses between legs of both. */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class SrtpProfilesTest {
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
    void gcmPeerAndCmPeerExchangeMediaIntact() {
        TestPeer gcm = node.join("profiles", "gcm", List.of(SrtpProfile.AEAD_AES_128_GCM));
        TestPeer cm = node.join("profiles", "cm", List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, gcm.srtpProfile());
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, cm.srtpProfile());
        gcm.awaitAnsweredOfferWith(cm);
        cm.awaitAnsweredOfferWith(gcm);

        assertDelivered(gcm, cm, gcm.identity().audioSsrc(), PeerSdp.OPUS_PT, "opus from the GCM leg");
        assertDelivered(gcm, cm, gcm.identity().videoSsrc(), PeerSdp.VP8_PT, "vp8 from the GCM leg");
        assertDelivered(cm, gcm, cm.identity().audioSsrc(), PeerSdp.OPUS_PT, "opus from the CM leg");
        assertDelivered(cm, gcm, cm.identity().videoSsrc(), PeerSdp.VP8_PT, "vp8 from the CM leg");
        assertEquals(List.of(), gcm.signallingProblems());
        assertEquals(List.of(), cm.signallingProblems());
    }

    /** Sends until one packet arrives, then checks a fresh one arrives byte for byte. */
    private static void assertDelivered(TestPeer from, TestPeer to, long ssrc, int pt, String payload) {
        int first = from.sendUntilReceived(to, ssrc, 1000, pt, "warm-up");
        int sequence = first + 5000;
        from.sendRtp(ssrc, sequence, pt, payload);
        Poll.until(to.identity().streamId() + " receives " + payload,
                () -> to.received().hasSequence(ssrc, sequence) ? null : "not yet; SSRCs " + to.received().ssrcs());
        ReceivedMedia.Rtp got = to.received().rtp(ssrc).stream().filter(p -> p.sequence() == sequence)
                .findFirst().orElseThrow();
        assertEquals(pt, got.payloadType(), "payload type (both peers use the same numbers)");
        assertEquals(sequence * 960L & 0xFFFFFFFFL, got.timestamp());
        assertArrayEquals(payload.getBytes(StandardCharsets.ISO_8859_1), got.payload());
        assertEquals(1, to.received().countSequence(ssrc, sequence), "delivered once");
    }
}
