package io.meridian.server.api;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.TokenCommand;
import io.meridian.client.ApiClient;
import io.meridian.client.ApiClient.Reply;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.meridian.server.api.OperatorApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./meridian token} mints tokens a node with the same secret accepts, with exactly the rights asked for. */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class TokenCommandTest {
    private static SecuredNode node;

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aMintedParticipantTokenJoinsItsConferenceOnly() {
        Result minted = mint(List.of("--conference", "tok-conf",
                "--identity", "zoe"), Map.of("MERIDIAN_AUTH_SECRET", SecuredNode.SECRET));
        assertEquals(0, minted.exitCode(), minted.err());
        ApiClient asZoe = node.as(minted.out().trim());
        try (TestPeer zoe = TestPeer.join(asZoe, "tok-conf", "zoe")) {
            Reply view = node.operator().get("/v1/conferences/tok-conf/participants/" + zoe.participantId());
            assertEquals("zoe", view.json().path("identity").asText(), view.body());
            assertError(asZoe.get("/v1/conferences"), 403, "operator_required");
        }
        assertError(asZoe.join("tok-other", "v=0"), 403, "forbidden_conference");
    }

    @Test
    void aMintedOperatorTokenOperates() {
        Result minted = mint(List.of("--secret", SecuredNode.SECRET,
                "--conference", "*", "--identity", "ops", "--operator", "--ttl-seconds", "60"), Map.of());
        assertEquals(0, minted.exitCode(), minted.err());
        assertEquals(200, node.as(minted.out().trim()).get("/v1/conferences").status());
    }

    @Test
    void aTokenMintedWithAnotherSecretIsRefused() {
        Result minted = mint(List.of("--conference=*", "--identity=ops",
                "--operator"), Map.of("MERIDIAN_AUTH_SECRET", "some-other-secret-that-is-long-enough-0123"));
        assertEquals(0, minted.exitCode(), minted.err());
        assertError(node.as(minted.out().trim()).get("/v1/conferences"), 401, "invalid_token");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhy() {
        Map<String, String> env = Map.of("MERIDIAN_AUTH_SECRET", SecuredNode.SECRET);
        assertUsageError(mint(List.of("--identity", "a"), env), "--conference");
        assertUsageError(mint(List.of("--conference", "c"), env), "--identity");
        assertUsageError(mint(List.of("--conference", "c", "--identity", "a"), Map.of()),
                "MERIDIAN_AUTH_SECRET");
        assertUsageError(mint(List.of("--conference", "c", "--identity", "a", "--secret",
                "short"), Map.of()), "32 bytes");
        assertUsageError(mint(List.of("--conference", "bad.id", "--identity", "a"), env),
                "conference");
        assertUsageError(mint(List.of("--conference", "c", "--identity", "a", "--ttl-seconds",
                "0"), env), "--ttl-seconds");
        assertUsageError(mint(List.of("--conference", "c", "--identity", "a", "--ttl-seconds"),
                env), "needs a value");
        assertUsageError(mint(List.of("--bogus"), env), "--bogus");
    }

    record Result(int exitCode, String out, String err) {
    }

    /** Runs the command as {@code ./meridian token ARGS} would, with {@code env} as the environment. */
    private static Result mint(List<String> args, Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TokenCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertUsageError(Result result, String mention) {
        assertEquals(2, result.exitCode(), result.out());
        assertTrue(result.out().isEmpty(), "no token printed: " + result.out());
        assertTrue(result.err().contains(mention), result.err());
    }
}
