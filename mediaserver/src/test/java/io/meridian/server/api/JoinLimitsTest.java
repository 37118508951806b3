package io.meridian.server.api;

import io.meridian.api.ApiTokens;
import io.meridian.api.ConferenceView;
import io.meridian.client.ApiClient;
import io.meridian.client.ApiClient.Reply;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.config.Setting;
import io.meridian.srtp.DtlsCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.meridian.server.api.ErrorReplies.assertApiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits on joining: participants per conference, conferences per node, joins a second per client address, and
 * how long a token may live. Each refusal is API.md's error with a code and a message naming the limit and the
 * setting that raises it, leaves nothing allocated, and a call in another conference keeps its media.
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class JoinLimitsTest {
    private static final int PARTICIPANTS = 2;
    private static final int CONFERENCES = 3;
    private static final int JOINS_PER_SECOND = 4;
    private static final long TOKEN_LIFETIME_SECONDS = 3600;
    private static final String FINGERPRINT = DtlsCertificate.generate().fingerprintSha256();
    @RegisterExtension
    static final LimitedNode LIMITED = new LimitedNode(
            Setting.LIMITS_PARTICIPANTS_PER_CONFERENCE.flag(), Integer.toString(PARTICIPANTS),
            Setting.LIMITS_CONFERENCES_PER_NODE.flag(), Integer.toString(CONFERENCES),
            Setting.LIMITS_JOINS_PER_SECOND_PER_IP.flag(), Integer.toString(JOINS_PER_SECOND),
            Setting.LIMITS_TOKEN_LIFETIME.flag(), Long.toString(TOKEN_LIFETIME_SECONDS));

    @AfterEach
    void endAllButTheBystanders() {
        for (ConferenceView conference : LIMITED.server().conferences().conferences()) {
            if (!conference.conferenceId().equals(OtherConference.ID)) {
                LIMITED.server().conferences().endConference(conference.conferenceId());
            }
        }
    }

    @Test
    void aJoinPastTheParticipantsOfAConferenceIsConferenceFull() {
        for (int i = 0; i < PARTICIPANTS; i++) {
            assertEquals(201, join("full", "guest-" + i).status());
        }

        Reply refused = join("full", "late");

        assertApiError(refused, 429, "conference_full");
        assertNamesLimit(refused, PARTICIPANTS, Setting.LIMITS_PARTICIPANTS_PER_CONFERENCE);
        assertEquals(PARTICIPANTS, LIMITED.server().conferences().participants("full").size(), "nothing was admitted");
        LIMITED.other().assertMediaFlows();
    }

    @Test
    void aJoinThatWouldStartOneConferenceTooManyIsTooManyConferences() {
        int hosted = LIMITED.server().conferences().activeConferences();
        for (int i = hosted; i < CONFERENCES; i++) {
            assertEquals(201, join("room-" + i, "host-" + i).status());
        }

        Reply refused = join("one-too-many", "host");

        assertApiError(refused, 429, "too_many_conferences");
        assertNamesLimit(refused, CONFERENCES, Setting.LIMITS_CONFERENCES_PER_NODE);
        assertEquals(CONFERENCES, LIMITED.server().conferences().activeConferences(), "no conference was created");
        assertEquals(201, join("room-" + hosted, "guest").status(), "conferences in progress still take joins");
        LIMITED.other().assertMediaFlows();
    }

    /**
     * The rate counts each client address on its own, holds a second's worth as a burst, and says when to retry.
     * The API's clock stands still unless moved, so the burst is spent by the joins themselves, however slow.
     */
    @Test
    void joinsPastTheRateOfOneAddressAre429WithRetryAfter() throws Exception {
        RawHttp first = new RawHttp(LIMITED.server().httpPort(), InetAddress.getByName("127.0.0.1"));
        List<Reply> joined = new ArrayList<>();
        for (int i = 0; i < JOINS_PER_SECOND; i++) {
            joined.add(rawJoin(first, "burst-" + i % 2, "guest-" + i).reply());
            assertEquals(201, joined.get(i).status(), joined.get(i).body());
        }

        RawHttp.Response refused = rawJoin(first, "burst-0", "late");

        assertApiError(refused.reply(), 429, "too_many_joins");
        assertNamesLimit(refused.reply(), JOINS_PER_SECOND, Setting.LIMITS_JOINS_PER_SECOND_PER_IP);
        // A join takes a quarter of a second's share; the next is due a quarter of a second later, rounded up.
        assertEquals("1", refused.header("Retry-After"), refused.head());
        // Both conferences are full now: each join below has the place of a participant who left.
        leave(joined.get(0));
        RawHttp second = new RawHttp(LIMITED.server().httpPort(), InetAddress.getByName("127.0.0.2"));
        Reply elsewhere = rawJoin(second, "burst-0", "elsewhere").reply();
        assertEquals(201, elsewhere.status(), "another address has its own rate: " + elsewhere.body());
        leave(elsewhere);
        assertApiError(rawJoin(first, "burst-0", "again").reply(), 429, "too_many_joins");
        LIMITED.advance(1);
        Reply later = rawJoin(first, "burst-0", "later").reply();
        assertEquals(201, later.status(), "a second later the rate admits again: " + later.body());
        LIMITED.other().assertMediaFlows();
    }

    @Test
    void aTokenLivingLongerThanTheNodeAcceptsIsRefused() {
        String twoHours = ApiTokens.mint(SecuredNode.SECRET, "tess", "lifetimes", false, Duration.ofHours(2),
                Instant.now());
        String tenYears = ApiTokens.mint(SecuredNode.SECRET, "tess", "lifetimes", false, Duration.ofDays(3650),
                Instant.now());

        for (String token : new String[] {twoHours, tenYears}) {
            Reply refused = LIMITED.node().as(token).join("lifetimes", offer("tess"));
            assertApiError(refused, 401, "token_lifetime_too_long");
            assertNamesLimit(refused, TOKEN_LIFETIME_SECONDS, Setting.LIMITS_TOKEN_LIFETIME);
            assertApiError(LIMITED.node().as(token).get("/v1/ice-servers"), 401, "token_lifetime_too_long");
        }
        assertEquals(201, join("lifetimes", "tess").status(), "a token of an hour is within the limit");
        LIMITED.other().assertMediaFlows();
    }

    /** A join of {@code identity} with a token of an hour, the rates rested first so that none stands in its way. */
    private static Reply join(String conferenceId, String identity) {
        LIMITED.restRates();
        ApiClient client = LIMITED.node().as(SecuredNode.token(identity, conferenceId, false));
        return client.join(conferenceId, offer(identity));
    }

    private static void leave(Reply joined) {
        String path = "/v1/conferences/" + joined.json().path("conferenceId").asText() + "/participants/"
                + joined.json().path("participantId").asText();
        assertEquals(204, LIMITED.node().operator().delete(path).status(), path);
    }

    private static RawHttp.Response rawJoin(RawHttp raw, String conferenceId, String identity) {
        return raw.postJson("/v1/conferences/" + conferenceId + "/participants",
                SecuredNode.token(identity, conferenceId, false), ApiClient.joinBody(offer(identity)));
    }

    private static String offer(String label) {
        return PeerSdp.joinOffer(PeerIdentity.random(label), FINGERPRINT);
    }

    /** The message says what the limit is and which setting raises it. */
    static void assertNamesLimit(Reply reply, long limit, Setting setting) {
        assertTrue(reply.errorMessage().contains(Long.toString(limit)), reply.body());
        assertTrue(reply.errorMessage().contains(setting.key()), reply.body());
    }
}
