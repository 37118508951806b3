package io.meridian.server.ice;

import static io.meridian.server.ice.StunFixtures.CLIENT_UFRAG;
import static io.meridian.server.ice.StunFixtures.CREDENTIALS;
import static io.meridian.server.ice.StunFixtures.OWNER;
import static io.meridian.server.ice.StunFixtures.SERVER_PWD;
import static io.meridian.server.ice.StunFixtures.SERVER_UFRAG;
import static io.meridian.server.ice.StunFixtures.decode;
import static io.meridian.server.ice.StunFixtures.lookupOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.client.BindingRequest;
import io.meridian.client.StunClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.message.Indication;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.junit.jupiter.api.Test;

class IceLiteResponderTest {

    private final IceLiteResponder responder = new IceLiteResponder(lookupOf(CREDENTIALS));
    private final StunClient client = new StunClient(SERVER_UFRAG, SERVER_PWD, CLIENT_UFRAG);

    @Test
    void nominatingCheckOverIpv4RoundTrips() throws UnknownHostException {
        assertRoundTrip(new InetSocketAddress(InetAddress.getByName("198.51.100.7"), 50123));
    }

    @Test
    void nominatingCheckOverIpv6RoundTrips() throws UnknownHostException {
        assertRoundTrip(new InetSocketAddress(InetAddress.getByName("2001:db8::1:2:3"), 61000));
    }

    private void assertRoundTrip(InetSocketAddress from) {
        BindingRequest request = client.bindingRequest(0x6e0001ffL, true);

        StunOutcome outcome = responder.handle(request.bytes(), 0, request.bytes().length, from);

        assertEquals(StunStatus.OK, outcome.status());
        assertTrue(outcome.useCandidate());
        assertSame(OWNER, outcome.owner());
        assertTrue(outcome.hasResponse());
        byte[] response = outcome.response();
        assertEquals(Optional.of(from), client.mappedAddress(response, 0, response.length, request.transactionId()));
    }

    @Test
    void checkWithoutUseCandidateIsNotANomination() throws UnknownHostException {
        BindingRequest request = client.bindingRequest(100, false);

        StunOutcome outcome = handle(request.bytes());

        assertEquals(StunStatus.OK, outcome.status());
        assertFalse(outcome.useCandidate());
    }

    @Test
    void requestAtAnOffsetInALargerBufferIsHandled() throws UnknownHostException {
        BindingRequest request = client.bindingRequest(100, true);
        byte[] padded = new byte[request.bytes().length + 30];
        System.arraycopy(request.bytes(), 0, padded, 17, request.bytes().length);

        StunOutcome outcome = responder.handle(padded, 17, request.bytes().length, sender());

        assertEquals(StunStatus.OK, outcome.status());
    }

    @Test
    void responseToAnotherTransactionDoesNotValidate() throws UnknownHostException {
        BindingRequest first = client.bindingRequest(100, true);
        BindingRequest second = client.bindingRequest(100, true);
        byte[] response = handle(first.bytes()).response();

        assertEquals(Optional.empty(), client.mappedAddress(response, 0, response.length, second.transactionId()));
    }

    @Test
    void wrongPasswordIsAnsweredUnauthenticatedWithoutIntegrity() throws UnknownHostException {
        BindingRequest request = new StunClient(SERVER_UFRAG, "notTheServerPasswordAtAll", CLIENT_UFRAG)
                .bindingRequest(100, true);

        StunOutcome outcome = handle(request.bytes());

        assertEquals(StunStatus.BAD_INTEGRITY, outcome.status());
        assertFalse(outcome.useCandidate());
        assertNull(outcome.owner());
        assertUnauthenticated(outcome.response(), request.transactionId());
        assertEquals(Optional.empty(),
                client.mappedAddress(outcome.response(), 0, outcome.response().length, request.transactionId()));
    }

    @Test
    void unknownLocalUfragIsAnsweredUnauthenticated() throws UnknownHostException {
        BindingRequest request = new StunClient("nobody", SERVER_PWD, CLIENT_UFRAG).bindingRequest(100, true);

        StunOutcome outcome = handle(request.bytes());

        assertEquals(StunStatus.UNKNOWN_USER, outcome.status());
        assertNull(outcome.owner());
        assertUnauthenticated(outcome.response(), request.transactionId());
    }

    @Test
    void wrongRemoteUfragIsAnsweredUnauthenticated() throws UnknownHostException {
        BindingRequest request = new StunClient(SERVER_UFRAG, SERVER_PWD, "intruder").bindingRequest(100, true);

        StunOutcome outcome = handle(request.bytes());

        assertEquals(StunStatus.WRONG_REMOTE_UFRAG, outcome.status());
        assertNull(outcome.owner());
        assertUnauthenticated(outcome.response(), request.transactionId());
    }

    @Test
    void requestWithoutMessageIntegrityIsABadRequest() throws Exception {
        Request request = MessageFactory.createBindingRequest(100, true, 42);
        request.setTransactionID(new byte[12]);
        request.putAttribute(AttributeFactory.createUsernameAttribute(SERVER_UFRAG + ":" + CLIENT_UFRAG));
        request.putAttribute(AttributeFactory.createFingerprintAttribute());

        StunOutcome outcome = handle(StunFixtures.integrityFor(SERVER_UFRAG, SERVER_PWD).encode(request));

        assertEquals(StunStatus.BAD_REQUEST, outcome.status());
        assertEquals(ErrorCodeAttribute.BAD_REQUEST, errorCode(decode(outcome.response())));
    }

    @Test
    void bindingIndicationIsAcceptedSilently() throws Exception {
        Indication indication = MessageFactory.createBindingIndication();
        indication.setTransactionID(new byte[12]);
        indication.putAttribute(AttributeFactory.createFingerprintAttribute());

        StunOutcome outcome = handle(StunFixtures.integrityFor(SERVER_UFRAG, SERVER_PWD).encode(indication));

        assertEquals(StunStatus.INDICATION, outcome.status());
        assertFalse(outcome.hasResponse());
    }

    @Test
    void responsesAreNotAnswered() throws UnknownHostException {
        byte[] response = handle(client.bindingRequest(100, true).bytes()).response();

        StunOutcome outcome = handle(response);

        assertEquals(StunStatus.NOT_A_REQUEST, outcome.status());
        assertFalse(outcome.hasResponse());
    }

    @Test
    void requestWithoutFingerprintIsDropped() throws Exception {
        Request request = MessageFactory.createBindingRequest(100, true, 42);
        request.setTransactionID(new byte[12]);
        request.putAttribute(AttributeFactory.createUsernameAttribute(SERVER_UFRAG + ":" + CLIENT_UFRAG));
        request.putAttribute(AttributeFactory.createMessageIntegrityAttribute(SERVER_UFRAG));

        StunOutcome outcome = handle(StunFixtures.integrityFor(SERVER_UFRAG, SERVER_PWD).encode(request));

        assertEquals(StunStatus.MALFORMED, outcome.status());
        assertFalse(outcome.hasResponse());
    }

    @Test
    void ice4jStackOpensNoThreads() throws UnknownHostException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        IceLiteResponder fresh = new IceLiteResponder(lookupOf(CREDENTIALS));
        BindingRequest request = new StunClient(SERVER_UFRAG, SERVER_PWD, CLIENT_UFRAG).bindingRequest(100, true);
        fresh.handle(request.bytes(), 0, request.bytes().length, sender());

        Set<String> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                .map(Thread::getName)
                .collect(Collectors.toSet());
        assertEquals(Set.of(), started);
    }

    private StunOutcome handle(byte[] datagram) throws UnknownHostException {
        return responder.handle(datagram, 0, datagram.length, sender());
    }

    private static InetSocketAddress sender() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName("203.0.113.9"), 40000);
    }

    private static void assertUnauthenticated(byte[] response, byte[] transactionId) {
        Message message = decode(response);
        assertEquals(Message.BINDING_ERROR_RESPONSE, message.getMessageType());
        assertArrayEquals(transactionId, message.getTransactionID());
        assertEquals(ErrorCodeAttribute.UNAUTHORIZED, errorCode(message));
        assertFalse(message.containsAttribute(Attribute.MESSAGE_INTEGRITY));
        assertFalse(message.containsAttribute(Attribute.USERNAME));
        assertTrue(message.containsAttribute(Attribute.FINGERPRINT));
    }

    static char errorCode(Message message) {
        return ((ErrorCodeAttribute) message.getAttribute(Attribute.ERROR_CODE)).getErrorCode();
    }
}
