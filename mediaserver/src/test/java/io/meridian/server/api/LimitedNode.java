package io.meridian.server.api;

import io.meridian.server.MeridianServer;
import io.meridian.server.config.Setting;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test class's node, registered as a static {@code @RegisterExtension} field: a {@link SecuredNode} with the
 * class's small limits, started before its tests and closed after them, whose API rates count time on a clock that
 * moves only when a test moves it (each test starts with every rate's whole burst), and on it the
 * {@link OtherConference} whose call must go on whatever the tests do.
 */
final class LimitedNode implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final List<String> settings = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private SecuredNode node;
    private OtherConference other;

    /** @param limits settings as command-line options, e.g. {@code --limits-body-bytes 1024} */
    LimitedNode(String... limits) {
        settings.addAll(List.of(limits));
        // The tests' own participants never pass ICE or DTLS, and the bystanders send no consent checks: none of
        // them may be removed for that while the tests run.
        settings.addAll(List.of(Setting.DTLS_HANDSHAKE_TIMEOUT.flag(), "300", Setting.ICE_CONSENT_TIMEOUT.flag(),
                "3600"));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        node = SecuredNode.start(clock::get, settings.toArray(String[]::new));
        other = OtherConference.join(node);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (node != null) {
            node.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        restRates();
    }

    SecuredNode node() {
        return node;
    }

    MeridianServer server() {
        return node.server;
    }

    OtherConference other() {
        return other;
    }

    /** Moves the API's clock on by {@code seconds}. */
    void advance(long seconds) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    /** Moves the API's clock on by an hour: every rate has its whole burst again. */
    void restRates() {
        advance(3600);
    }
}
