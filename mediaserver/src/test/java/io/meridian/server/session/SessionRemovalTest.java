package io.meridian.server.session;

import io.meridian.api.JoinRequest;
import io.meridian.api.JoinResult;
import io.meridian.placement.InMemoryRegionPlacement;
import io.meridian.router.cc.CongestionSettings;
import io.meridian.router.retransmit.RetransmissionSettings;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.sdp.Candidate;
import io.meridian.server.ice.IceLiteResponder;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.Poll;
import io.meridian.server.transport.MediaLoops;
import io.meridian.srtp.DtlsCertificate;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session layer removes a participant whose ICE consent expired or whose DTLS handshake failed. Time is the
 * manager's injected clock, moved by the test: nothing waits for a timeout to pass.
 */
@ExtendWith(LeakGuard.class)
@Timeout(60)
class SessionRemovalTest {
    private static final Duration CONSENT_TIMEOUT = Duration.ofSeconds(30);
    /** Any fingerprint will do: no DTLS client completes a handshake here. */
    private static final String FINGERPRINT = String.join(":", java.util.Collections.nCopies(32, "AB"));

    private final AtomicLong nanos = new AtomicLong(123_456_789_000L);
    private final List<String> removals = new CopyOnWriteArrayList<>();
    private MediaLoops loops;
    private ConferenceManager manager;

    @BeforeEach
    void start() throws Exception {
        loops = new MediaLoops("127.0.0.1", 0, 1, new IceLiteResponder(ufrag -> null), PooledByteBufAllocator.DEFAULT);
        NodeEvents events = new NodeEvents() {
            @Override
            public void participantRemoved(String reason) {
                removals.add(reason.split(":", 2)[0]);
            }
        };
        manager = new ConferenceManager(new ManagerSettings("node-1", "default",
                List.of(new Candidate("127.0.0.1", loops.port())), 2, Duration.ofSeconds(10), CONSENT_TIMEOUT, 0,
                RetransmissionSettings.DEFAULTS, CongestionSettings.DEFAULTS),
                new InMemoryRegionPlacement("node-1", "http://127.0.0.1:1", Clock.systemUTC()), loops,
                DtlsCertificate.generate(), PooledByteBufAllocator.DEFAULT, Clock.systemUTC(), nanos::get, events);
    }

    @AfterEach
    void stop() {
        manager.close();
        loops.close();
    }

    private JoinResult join(String label) {
        return manager.join(new JoinRequest("removals", PeerSdp.joinOffer(PeerIdentity.random(label), FINGERPRINT),
                null, label, null));
    }

    private ParticipantSession session(JoinResult joined) {
        String ufrag = joined.sdp().lines().filter(l -> l.startsWith("a=ice-ufrag:")).findFirst().orElseThrow()
                .substring("a=ice-ufrag:".length()).trim();
        return manager.byLocalUfrag(ufrag);
    }

    @Test
    void aParticipantWithoutAnIceCheckForTheConsentTimeoutIsRemoved() {
        JoinResult joined = join("silent");
        nanos.addAndGet(CONSENT_TIMEOUT.toNanos() - 1_000_000_000L);
        manager.checkConsentNow();
        assertEquals(1, manager.participants("removals").size(), "consent is still fresh a second before");

        nanos.addAndGet(2_000_000_000L);
        manager.checkConsentNow();
        Poll.until("the participant is removed", () -> manager.conference("removals").isEmpty() ? null
                : "participants " + manager.participants("removals").size());
        assertEquals(List.of("ice_consent_expired"), removals);
        assertEquals(0, manager.activeParticipants(), "nothing of " + joined.participantId() + " is left indexed");
    }

    @Test
    void aFailedDtlsHandshakeRemovesTheParticipantAndNobodyElse() {
        JoinResult other = join("bystander");
        JoinResult failing = join("failing");
        // A fatal handshake_failure alert (RFC 6347 §4.1 record, RFC 5246 §7.2 alert) as the client's first record.
        byte[] alert = {21, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 40};
        session(failing).onDtls(alert, 0, alert.length);
        Poll.until("the participant whose handshake failed is removed", () -> manager.participants("removals")
                .stream().noneMatch(p -> p.participantId().equals(failing.participantId())) ? null : "still there");
        assertEquals(List.of("dtls_failed"), removals);
        assertEquals(List.of(other.participantId()),
                manager.participants("removals").stream().map(p -> p.participantId()).toList());
    }
}
