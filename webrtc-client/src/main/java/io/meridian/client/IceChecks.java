package io.meridian.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The ICE side of a {@link MediaTransport}: this side's connectivity and consent checks toward the server (RFC 8445
 * §7.2, RFC 7675) and, for a full server agent, answers to the server's own checks (§7.3).
 */
final class IceChecks {
    private static final int CHECK_ATTEMPTS = 10;
    private static final long CHECK_PRIORITY = 0x6E7F1EFFL;

    /** Sends a datagram on the transport's checked socket. */
    interface Sender {
        void send(byte[] data, int off, int len);
    }

    private record PendingCheck(StunClient client, byte[] transactionId, CompletableFuture<InetSocketAddress> mapped) {
    }

    private final InetSocketAddress node;
    private final Sender sender;
    private final CompletableFuture<Void> peerChecked = new CompletableFuture<>();
    private volatile PendingCheck pendingCheck;
    private volatile StunClient stun;
    private volatile IceCheckResponder responder;

    IceChecks(InetSocketAddress node, Sender sender) {
        this.node = node;
        this.sender = sender;
    }

    void answerChecks(String localUfrag, String localPwd) {
        responder = new IceCheckResponder(localUfrag, localPwd);
    }

    void awaitPeerCheck(long timeoutMillis) {
        try {
            peerChecked.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Go ahead anyway: DTLS retransmits, and a server that never checks fails the handshake visibly.
        }
    }

    InetSocketAddress check(StunClient client) throws IOException {
        stun = client;
        return transact(client, true);
    }

    InetSocketAddress checkConsent() throws IOException {
        return transact(checked(), false);
    }

    void sendConsentCheck() {
        StunClient client = stun;
        if (client != null) {
            byte[] request = client.bindingRequest(CHECK_PRIORITY, false).bytes();
            sender.send(request, 0, request.length);
        }
    }

    byte[] bindingRequest(boolean useCandidate) {
        return checked().bindingRequest(CHECK_PRIORITY, useCandidate).bytes();
    }

    /** Receive loop thread: a STUN message from the server. */
    void onStun(byte[] buf, int len) {
        IceCheckResponder checks = responder;
        if (checks != null && len >= 2 && (buf[0] & 0x01) == 0 && (buf[1] & 0x10) == 0) {
            // STUN class bits 0b00 (RFC 8489 §5): a request; only a Binding request for this side gets an answer.
            byte[] answer = checks.answer(buf, len, node);
            if (answer != null) {
                sender.send(answer, 0, answer.length);
                peerChecked.complete(null);
                return;
            }
        }
        PendingCheck check = pendingCheck;
        if (check != null) {
            Optional<InetSocketAddress> mapped = check.client().mappedAddress(buf, 0, len, check.transactionId());
            mapped.ifPresent(check.mapped()::complete);
        }
    }

    private StunClient checked() {
        StunClient client = stun;
        if (client == null) {
            throw new IllegalStateException("no ICE check yet: call check(StunClient) first");
        }
        return client;
    }

    private InetSocketAddress transact(StunClient client, boolean useCandidate) throws IOException {
        BindingRequest request = client.bindingRequest(CHECK_PRIORITY, useCandidate);
        PendingCheck check = new PendingCheck(client, request.transactionId(), new CompletableFuture<>());
        pendingCheck = check;
        try {
            for (int attempt = 0; attempt < CHECK_ATTEMPTS; attempt++) {
                sender.send(request.bytes(), 0, request.bytes().length);
                try {
                    return check.mapped().get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // Retransmit with the same transaction id.
                }
            }
            throw new IOException("no valid STUN Binding success response from " + node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during the ICE check", e);
        } catch (ExecutionException e) {
            throw new IOException("ICE check failed", e.getCause());
        } finally {
            pendingCheck = null;
        }
    }
}
