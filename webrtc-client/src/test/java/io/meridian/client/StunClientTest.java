package io.meridian.client;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The peer's checks against the peer's own responder: both sides of a short-term-credential exchange. */
class StunClientTest {
    private static final String UFRAG = "srvU";
    private static final String PWD = "serverPasswordOf22Chars";
    private final InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);

    @Test
    void aSignedCheckIsAnsweredWithTheSourceAddress() {
        StunClient client = new StunClient(UFRAG, PWD, "cliU");
        BindingRequest request = client.bindingRequest(100, true);

        byte[] answer = new IceCheckResponder(UFRAG, PWD).answer(request.bytes(), request.bytes().length, from);

        assertNotNull(answer);
        assertEquals(Optional.of(from), client.mappedAddress(answer, 0, answer.length, request.transactionId()));
        byte[] shifted = new byte[answer.length + 3];
        System.arraycopy(answer, 0, shifted, 3, answer.length);
        assertEquals(Optional.of(from), client.mappedAddress(shifted, 3, answer.length, request.transactionId()),
                "a response at an offset");
    }

    @Test
    void aCheckSignedWithAnotherPasswordIsNotAnswered() {
        BindingRequest request = new StunClient(UFRAG, "notTheServerPasswordAtAll", "cliU").bindingRequest(100, true);

        assertNull(new IceCheckResponder(UFRAG, PWD).answer(request.bytes(), request.bytes().length, from));
    }

    @Test
    void aResponseToAnotherTransactionOrTamperedIsIgnored() {
        StunClient client = new StunClient(UFRAG, PWD, "cliU");
        BindingRequest first = client.bindingRequest(100, false);
        BindingRequest second = client.bindingRequest(100, false);
        byte[] answer = new IceCheckResponder(UFRAG, PWD).answer(first.bytes(), first.bytes().length, from);

        assertEquals(Optional.empty(), client.mappedAddress(answer, 0, answer.length, second.transactionId()));
        for (int i = 0; i < answer.length; i++) {
            byte[] tampered = Arrays.copyOf(answer, answer.length);
            tampered[i] ^= 0x01;
            assertEquals(Optional.empty(), client.mappedAddress(tampered, 0, tampered.length, first.transactionId()),
                    "bit flipped in byte " + i);
        }
        assertEquals(Optional.empty(), client.mappedAddress(answer, 0, answer.length - 1, first.transactionId()));
    }
}
