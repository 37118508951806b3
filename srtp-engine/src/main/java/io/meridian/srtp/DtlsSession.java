package io.meridian.srtp;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS association with one participant, driven by BC's blocking handshake on a borrowed executor thread.
 *
 * <p>The event loop hands inbound DTLS datagrams to {@link #onDatagram} (a copy into a bounded queue, never
 * blocking); the handshake thread reads that queue through a {@link DatagramTransport} adapter and writes through
 * the caller's {@link DatagramSender}.
 *
 * <p>After the handshake, BC must still see inbound records: when the server's final flight
 * (ChangeCipherSpec, Finished) is lost, the client retransmits its own flight and BC answers it only from inside
 * {@link DTLSTransport#receive} (RFC 6347 §4.2.4; BC keeps that flight for 2 MSL). A close_notify alert is also only
 * seen there. So the session keeps the {@link DTLSTransport}, but holds no thread for it: each later datagram
 * schedules a short drain task on the same executor that feeds the queue through BC and returns once the queue
 * stays empty for a millisecond. Application data (SCTP data channels) is not used by this SFU and is dropped.
 */
public abstract sealed class DtlsSession permits DtlsServerSession, DtlsClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsSession.class);

    /** Inbound datagrams waiting for BC; a handshake flight is a handful, so overflow means a misbehaving peer. */
    private static final int QUEUE_CAPACITY = 32;
    /** Largest DTLS datagram accepted: above a 1500-byte Ethernet MTU with room to spare. */
    static final int RECEIVE_LIMIT = 2048;
    /** Outbound datagram limit; BC fragments handshake messages to fit (RFC 6347 §4.1.1.1). 1200 bytes is the
     *  conservative WebRTC path MTU that survives tunnels and TURN headers. */
    static final int SEND_LIMIT = 1200;
    /** How long a post-handshake drain task waits for a follow-up datagram before giving the thread back. */
    private static final int DRAIN_IDLE_MILLIS = 1;
    /** Wakes a handshake thread blocked on the queue when the session is closed; compared by identity. */
    private static final byte[] CLOSE_SIGNAL = new byte[0];

    private enum State { NEW, HANDSHAKING, ESTABLISHED, CLOSED }

    final DtlsNodeContext node;
    final BcTlsCrypto crypto = new BcTlsCrypto();
    private final DatagramSender sender;
    private final DtlsListener listener;
    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Serialises use of {@link #dtls} between drain tasks and {@link #close()}; BC's transport is not thread-safe. */
    private final Object dtlsLock = new Object();
    private final QueueTransport transport = new QueueTransport();
    private DTLSTransport dtls;

    DtlsSession(DtlsNodeContext node, DatagramSender sender, DtlsListener listener) {
        this.node = Objects.requireNonNull(node, "node");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Runs BC's blocking handshake over the given transport; returns once it has completed. */
    abstract DTLSTransport handshake(DatagramTransport transport) throws IOException;

    /** The keys exported at the end of a successful {@link #handshake}. */
    abstract SrtpKeys negotiatedKeys();

    public abstract DtlsRole role();

    /** Starts the handshake on the node's handshake executor. Datagrams received before this are kept. */
    public final void start() {
        if (!state.compareAndSet(State.NEW, State.HANDSHAKING)) {
            throw new IllegalStateException("DTLS session already started or closed");
        }
        try {
            node.handshakeExecutor().execute(this::runHandshake);
        } catch (RejectedExecutionException e) {
            fail(new HandshakeRejection(DtlsFailureReason.OVERLOADED,
                AlertDescription.internal_error, "handshake executor rejected the session"));
        }
    }

    /** Accepts one inbound DTLS datagram (RFC 7983: first byte 20..63); copies it, never blocks. */
    public final void onDatagram(byte[] data, int off, int len) {
        if (state.get() == State.CLOSED) {
            return;
        }
        if (!inbound.offer(Arrays.copyOfRange(data, off, off + len))) {
            node.counters().recordDroppedDatagram();
            return;
        }
        if (state.get() == State.ESTABLISHED) {
            scheduleDrain();
        }
    }

    /**
     * Ends the session: a running handshake aborts and gives its thread back, an established association sends
     * close_notify (RFC 5246 §7.2.1), the queue is emptied. The listener is not called afterwards.
     */
    public final void close() {
        state.set(State.CLOSED);
        inbound.clear();
        inbound.offer(CLOSE_SIGNAL);
        synchronized (dtlsLock) {
            closeDtls();
        }
    }

    private void runHandshake() {
        DTLSTransport established;
        try {
            established = handshake(transport);
        } catch (IOException | RuntimeException e) {
            fail(e);
            return;
        }
        synchronized (dtlsLock) {
            if (!state.compareAndSet(State.HANDSHAKING, State.ESTABLISHED)) {
                dtls = established;
                closeDtls();
                return;
            }
            dtls = established;
        }
        node.counters().recordSuccess();
        listener.onHandshakeComplete(negotiatedKeys());
        if (!inbound.isEmpty()) {
            scheduleDrain();
        }
    }

    private void fail(Throwable failure) {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            // Closed meanwhile. An alert, sent or received, ended the handshake on the wire before that, and is
            // counted: a peer refused for its certificate reads the alert and may leave at once, closing this
            // session before this thread is back from Bouncy Castle. Anything else is the close's own doing.
            if (failure instanceof org.bouncycastle.tls.TlsFatalAlert
                    || failure instanceof org.bouncycastle.tls.TlsFatalAlertReceived) {
                node.counters().recordFailure(DtlsFailureReason.of(failure));
            }
            return;
        }
        inbound.clear();
        DtlsFailureReason reason = DtlsFailureReason.of(failure);
        node.counters().recordFailure(reason);
        String description = DtlsFailureReason.describe(failure);
        LOG.debug("DTLS {} handshake failed: {}", role(), description);
        listener.onHandshakeFailed(description, failure);
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                node.handshakeExecutor().execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The queue keeps the datagrams; the next one to arrive tries again.
                drainScheduled.set(false);
            }
        }
    }

    private void drain() {
        try {
            synchronized (dtlsLock) {
                byte[] applicationData = new byte[RECEIVE_LIMIT];
                while (dtls != null && !transport.closedByBc && !inbound.isEmpty()) {
                    dtls.receive(applicationData, 0, applicationData.length, DRAIN_IDLE_MILLIS);
                }
                if (transport.closedByBc) {
                    LOG.debug("DTLS {} association closed by the peer", role());
                    dtls = null;
                    state.set(State.CLOSED);
                    inbound.clear();
                }
            }
        } catch (IOException e) {
            LOG.debug("DTLS {} association ended: {}", role(), e.toString());
            state.set(State.CLOSED);
            inbound.clear();
            synchronized (dtlsLock) {
                dtls = null;
            }
        } finally {
            drainScheduled.set(false);
        }
        if (state.get() == State.ESTABLISHED && !inbound.isEmpty()) {
            scheduleDrain();
        }
    }

    /** Caller holds {@link #dtlsLock}. */
    private void closeDtls() {
        if (dtls != null) {
            try {
                dtls.close();
            } catch (IOException e) {
                LOG.debug("DTLS {} close_notify not sent: {}", role(), e.toString());
            }
            dtls = null;
        }
    }

    /** BC's datagram interface over the inbound queue and the caller's sender. */
    private final class QueueTransport implements DatagramTransport {
        /** Set when BC closes the transport itself, which it does on receiving close_notify or a fatal alert. */
        private volatile boolean closedByBc;

        @Override
        public int getReceiveLimit() {
            return RECEIVE_LIMIT;
        }

        @Override
        public int getSendLimit() {
            return SEND_LIMIT;
        }

        /** BC's convention (as for a socket timeout): waitMillis 0 means wait until a datagram arrives. */
        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            byte[] datagram;
            try {
                datagram = waitMillis > 0 ? inbound.poll(waitMillis, TimeUnit.MILLISECONDS) : inbound.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("DTLS receive interrupted");
            }
            if (datagram == null) {
                return -1;
            }
            if (datagram == CLOSE_SIGNAL) {
                throw new IOException("DTLS session closed locally");
            }
            int n = Math.min(len, datagram.length);
            System.arraycopy(datagram, 0, buf, off, n);
            return n;
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            sender.send(buf, off, len);
        }

        @Override
        public void close() {
            closedByBc = true;
        }
    }
}
