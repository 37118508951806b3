package io.meridian.server.ice;

import static io.meridian.server.ice.StunFixtures.RFC5769_IPV4_RESPONSE;
import static io.meridian.server.ice.StunFixtures.RFC5769_PWD;
import static io.meridian.server.ice.StunFixtures.RFC5769_REQUEST;
import static io.meridian.server.ice.StunFixtures.RFC5769_TRANSACTION_ID;
import static io.meridian.server.ice.StunFixtures.decode;
import static io.meridian.server.ice.StunFixtures.lookupOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.client.StunClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.message.Message;
import org.junit.jupiter.api.Test;

/** The RFC 5769 sample messages, run through the same code paths as live traffic. */
class Rfc5769VectorTest {

    private static final Object OWNER = new Object();
    private static final IceCredentials EVTJ = new IceCredentials("evtj", RFC5769_PWD, "h6vY", OWNER);

    private final InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000);

    /**
     * The §2.1 request authenticates (FINGERPRINT and MESSAGE-INTEGRITY both verify). It carries ICE-CONTROLLED,
     * so a lite agent answers 487, integrity-protected with the same password.
     */
    @Test
    void sampleRequestAuthenticatesAndGetsAnIntegrityProtectedRoleConflict() {
        IceLiteResponder responder = new IceLiteResponder(lookupOf(EVTJ));

        StunOutcome outcome = responder.handle(RFC5769_REQUEST, 0, RFC5769_REQUEST.length, from);

        assertEquals(StunStatus.ROLE_CONFLICT, outcome.status());
        assertSame(OWNER, outcome.owner());
        Message response = decode(outcome.response());
        assertEquals(Message.BINDING_ERROR_RESPONSE, response.getMessageType());
        assertArrayEquals(RFC5769_TRANSACTION_ID, response.getTransactionID());
        assertEquals(ErrorCodeAttribute.ROLE_CONFLICT, IceLiteResponderTest.errorCode(response));
        StunDatagram datagram = StunDatagram.parse(outcome.response(), 0, outcome.response().length);
        assertTrue(datagram.endsWithFingerprint());
        assertTrue(StunFixtures.integrityFor("evtj", RFC5769_PWD).verify(datagram, "evtj"));
    }

    @Test
    void sampleRequestWithAnotherPasswordFailsIntegrity() {
        IceLiteResponder responder = new IceLiteResponder(
                lookupOf(new IceCredentials("evtj", "VOkJxbRl1RmTxUk/WvJxBT", "h6vY", OWNER)));

        StunOutcome outcome = responder.handle(RFC5769_REQUEST, 0, RFC5769_REQUEST.length, from);

        assertEquals(StunStatus.BAD_INTEGRITY, outcome.status());
    }

    @Test
    void sampleIpv4ResponseValidatesOnTheClientSide() throws UnknownHostException {
        StunClient client = new StunClient("evtj", RFC5769_PWD, "h6vY");

        Optional<InetSocketAddress> mapped = client.mappedAddress(
                RFC5769_IPV4_RESPONSE, 0, RFC5769_IPV4_RESPONSE.length, RFC5769_TRANSACTION_ID);

        assertEquals(Optional.of(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853)), mapped);
    }
}
