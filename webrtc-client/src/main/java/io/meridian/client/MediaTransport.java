package io.meridian.client;

import io.meridian.srtp.CertificateFingerprint;
import io.meridian.srtp.DtlsCertificate;
import io.meridian.srtp.DtlsClientSession;
import io.meridian.srtp.DtlsHandshakeCounters;
import io.meridian.srtp.DtlsListener;
import io.meridian.srtp.DtlsNodeContext;
import io.meridian.srtp.DtlsRole;
import io.meridian.srtp.DtlsServerSession;
import io.meridian.srtp.DtlsSession;
import io.meridian.srtp.SrtpKeys;
import io.meridian.srtp.SrtpProfile;
import io.meridian.srtp.SrtpProtector;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A peer's one path to the server's media port (a UDP socket, or an ICE-TCP connection: {@link Wire}), doing what a
 * browser does on it: ICE connectivity and consent checks, the DTLS handshake (client, or server when the server
 * answered {@code a=setup:active}), SRTP both ways. The shared {@link ReceiveLoop} reads
 * it and this class demultiplexes by first byte (RFC 7983 §7: STUN 0..3, DTLS 20..63, RTP/RTCP 128..191), decrypts
 * and hands the plain packets to a {@link MediaReceiver}.
 *
 * <p>SRTP contexts are not thread-safe, so each direction has its own protector; sending and protecting share one
 * lock, uncontended when one thread (a pacer) sends. Sending RTP allocates nothing.
 */
public final class MediaTransport implements RtpSender, AutoCloseable {
    /** Bounds a lost handshake; not a timing claim. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_DATAGRAM = 2048;

    private final Wire wire;
    private final InetSocketAddress node;
    private final InboundSrtp inbound;
    private final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
    private final Object sendLock = new Object();
    private final byte[] sendBuffer = new byte[MAX_DATAGRAM];
    private final IceChecks ice;
    private final ByteBuffer sendPacket = ByteBuffer.wrap(sendBuffer);
    private volatile DtlsSession dtls;
    private volatile SrtpProtector outbound;
    private volatile boolean closed;
    private DatagramSocket unchecked;

    /** Over UDP, as a browser prefers. */
    public MediaTransport(InetSocketAddress node, MediaReceiver receiver) throws IOException {
        this(node, receiver, false);
    }

    /**
     * @param tcp over an ICE-TCP connection to {@code node} (the node's passive TCP candidate; RFC 6544, RFC 4571
     *            framing) instead of UDP
     */
    public MediaTransport(InetSocketAddress node, MediaReceiver receiver, boolean tcp) throws IOException {
        this.node = node;
        this.inbound = new InboundSrtp(receiver);
        this.ice = new IceChecks(node, this::send);
        this.wire = tcp ? new TcpWire(node, this::onDatagram) : new UdpWire(node, this::onDatagram);
    }

    /** This socket's address, for the host candidate of an SDP that announces it. */
    public InetSocketAddress localAddress() {
        try {
            return wire.localAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the media socket is closed", e);
        }
    }

    /** True once after the server asked for a key frame (PLI or FIR). */
    @Override
    public boolean takeKeyframeRequest() {
        return inbound.takeKeyframeRequest();
    }

    /**
     * SRTP/SRTCP that failed to decrypt or authenticate. Packets that arrive before this side has its keys are not
     * counted: the server may forward as soon as its side of the handshake is done, a moment before this side has
     * processed the last flight (a browser drops those too).
     */
    public long undecryptable() {
        return inbound.undecryptable();
    }

    /** Answers the server's own connectivity checks from now on (a full ICE agent's side, RFC 8445 §7.3). */
    public void answerChecks(String localUfrag, String localPwd) {
        ice.answerChecks(localUfrag, localPwd);
    }

    /**
     * Waits (at most {@code timeoutMillis}) until this side has answered one of the server's checks, i.e. until the
     * server's ICE agent considers the pair working: a full server agent (libnice) ignores DTLS before that, and
     * the ClientHello it dropped would only be resent after DTLS's 1 s initial timer (RFC 6347 §4.2.4.1).
     */
    public void awaitPeerCheck(long timeoutMillis) {
        ice.awaitPeerCheck(timeoutMillis);
    }

    /**
     * A nominating Binding request (RFC 8445 §7.2.5), retransmitted (RFC 8489 §6.2.1) until answered; returns the
     * XOR-MAPPED-ADDRESS of the validated success response. Later consent checks use the same {@code client}.
     */
    public InetSocketAddress check(StunClient client) throws IOException {
        return ice.check(client);
    }

    /**
     * A consent check (RFC 7675) that waits for its answer and returns the XOR-MAPPED-ADDRESS. A server handles one
     * address's datagrams in order, so the answer also means everything this side sent before has been handled.
     */
    public InetSocketAddress checkConsent() throws IOException {
        return ice.checkConsent();
    }

    /**
     * Sends a consent-freshness Binding request (RFC 7675 §5.1) without waiting for its answer: a server removes a
     * peer that sends none for its consent timeout (30 s by default at Meridian), as a browser's peer would.
     */
    public void sendConsentCheck() {
        if (!closed) {
            ice.sendConsentCheck();
        }
    }

    /** A valid connectivity check of this side, unsent (for truncation and replay tests). */
    public byte[] bindingRequest(boolean useCandidate) {
        return ice.bindingRequest(useCandidate);
    }

    /** Runs the DTLS client handshake over this socket and keys SRTP with its outcome. */
    public SrtpProfile handshake(DtlsCertificate certificate, String serverFingerprint, List<SrtpProfile> offered,
                                 Executor handshakeThreads) throws IOException {
        return handshake(certificate, serverFingerprint, offered, handshakeThreads, DtlsRole.CLIENT);
    }

    /**
     * Runs the DTLS handshake in {@code role} (RFC 5763 §5: the side that answered {@code a=setup:active} is the
     * client) and keys SRTP with its outcome. As server, the profile is chosen from the client's offer in {@link
     * SrtpProfile#SERVER_PREFERENCE} order; {@code offered} then only says which outcomes are acceptable.
     */
    public SrtpProfile handshake(DtlsCertificate certificate, String peerFingerprint, List<SrtpProfile> offered,
                                 Executor handshakeThreads, DtlsRole role) throws IOException {
        DtlsNodeContext context = new DtlsNodeContext(certificate, handshakeThreads, HANDSHAKE_TIMEOUT,
                new DtlsHandshakeCounters());
        CertificateFingerprint peer = new CertificateFingerprint("sha-256", peerFingerprint);
        DtlsListener listener = new DtlsListener() {
            @Override
            public void onHandshakeComplete(SrtpKeys result) {
                // Keyed here, before anything else runs: the server forwards as soon as its side is done.
                outbound = new SrtpProtector(result, role);
                inbound.keyed(new SrtpProtector(result, role));
                keys.complete(result);
            }

            @Override
            public void onHandshakeFailed(String reason, Throwable cause) {
                keys.completeExceptionally(new IOException("DTLS handshake failed: " + reason, cause));
            }
        };
        DtlsSession session = role == DtlsRole.CLIENT
                ? new DtlsClientSession(context, peer, offered, this::send, listener)
                : new DtlsServerSession(context, peer, this::send, listener);
        dtls = session;
        session.start();
        SrtpKeys result;
        try {
            result = keys.get(HANDSHAKE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during the DTLS handshake", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("DTLS handshake with " + node + " did not complete: " + e, e);
        }
        if (!offered.contains(result.profile())) {
            throw new IOException("the DTLS client " + node + " negotiated " + result.profile() + ", not one of "
                    + offered + " (as DTLS server this side takes the client's profile it prefers)");
        }
        return result.profile();
    }

    /**
     * Encrypts the plain RTP packet in {@code plain[0, len)} and sends it; allocates nothing.
     *
     * @return false when there are no keys yet, SRTP refused it or the socket failed (the caller counts it as not
     *         sent)
     */
    @Override
    public boolean sendRtp(byte[] plain, int len) {
        return sendSealed(plain, len, true);
    }

    /** Encrypts the plain RTCP packet in {@code plain[0, len)} and sends it, as {@link #sendRtp} does RTP. */
    public boolean sendRtcp(byte[] plain, int len) {
        return sendSealed(plain, len, false);
    }

    private boolean sendSealed(byte[] plain, int len, boolean rtp) {
        synchronized (sendLock) {
            SrtpProtector srtp = outbound;
            if (srtp == null) {
                return false;
            }
            System.arraycopy(plain, 0, sendBuffer, 0, len);
            int protectedLength = rtp ? srtp.protectRtp(sendBuffer, 0, len) : srtp.protectRtcp(sendBuffer, 0, len);
            if (protectedLength < 0) {
                return false;
            }
            sendPacket.limit(protectedLength).position(0);
            return wire.send(sendPacket);
        }
    }

    /**
     * From now on, feeds back the node's transport-wide sequence numbers (extension {@code extensionId}) on what it
     * sends this peer, as a browser that negotiated transport-cc does.
     */
    public void sendTransportFeedback(int extensionId) {
        inbound.feedBack(new TransportFeedbackWriter(extensionId, this::sendRtcp));
    }

    /**
     * From now on, a share {@code fraction} of what the node sends is lost on the way in (dropped at random with
     * {@code seed}), and lost video of payload type {@code videoPayloadType} is NACKed, as a browser on a lossy link.
     */
    public void loseOnLink(double fraction, int videoPayloadType, long seed) {
        inbound.lose(new LinkLoss(fraction, videoPayloadType, this::sendRtcp, seed));
    }

    /** Datagrams {@link #loseOnLink} dropped and sequence numbers it NACKed so far. */
    public long[] linkLoss() {
        return inbound.linkLoss();
    }

    /** Encrypts an RTP packet (header and payload in {@code plain}) and returns the SRTP bytes, unsent. */
    public byte[] protectRtp(byte[] plain) {
        return protect(plain, true);
    }

    /** Encrypts an RTCP compound and returns the SRTCP bytes, unsent. */
    public byte[] protectRtcp(byte[] plain) {
        return protect(plain, false);
    }

    private byte[] protect(byte[] plain, boolean rtp) {
        synchronized (sendLock) {
            SrtpProtector srtp = outbound;
            if (srtp == null) {
                throw new IllegalStateException("no SRTP keys yet: run the DTLS handshake first");
            }
            byte[] buf = Arrays.copyOf(plain, plain.length + SrtpProtector.MAX_TRAILER_LENGTH);
            int len = rtp ? srtp.protectRtp(buf, 0, plain.length) : srtp.protectRtcp(buf, 0, plain.length);
            if (len < 0) {
                throw new IllegalStateException("SRTP protect failed with " + len);
            }
            return Arrays.copyOf(buf, len);
        }
    }

    /** Sends bytes as they are from this side's checked socket (a lost or refused datagram is not reported). */
    public void sendRaw(byte[] datagram) {
        send(datagram, 0, datagram.length);
    }

    private void send(byte[] data, int off, int len) {
        wire.send(ByteBuffer.wrap(data, off, len)); // a lost datagram: STUN and DTLS retransmit
    }

    /**
     * Stops ({@code false}) or resumes reading what the node sends, as a stalled client would; over TCP the node's
     * side of the connection then fills up.
     */
    public void reading(boolean on) {
        wire.reading(on);
    }

    /** Sends bytes from a second socket of this side that never passed an ICE check; returns its address. */
    public synchronized InetSocketAddress sendUnchecked(byte[] datagram) throws IOException {
        if (unchecked == null) {
            unchecked = new DatagramSocket(new InetSocketAddress(localAddress().getAddress(), 0));
        }
        unchecked.send(new DatagramPacket(datagram, datagram.length, node));
        return (InetSocketAddress) unchecked.getLocalSocketAddress();
    }

    /** Receive loop thread: one datagram from the server (the only peer a connected socket hears). */
    private void onDatagram(byte[] buf, int len, long now) {
        if (closed || len == 0) {
            return;
        }
        int first = buf[0] & 0xFF;
        if (first <= 3) {
            ice.onStun(buf, len);
        } else if (first >= 20 && first <= 63) {
            DtlsSession session = dtls;
            if (session != null) {
                session.onDatagram(buf, 0, len);
            }
        } else if (first >= 128 && first <= 191) {
            inbound.onSrtp(buf, len, now);
        }
    }

    @Override
    public void close() {
        closed = true;
        DtlsSession session = dtls;
        if (session != null) {
            session.close();
        }
        wire.close();
        synchronized (this) {
            if (unchecked != null) {
                unchecked.close();
            }
        }
        synchronized (sendLock) {
            SrtpProtector out = outbound;
            outbound = null;
            if (out != null) {
                out.close();
            }
        }
        inbound.close();
    }
}
