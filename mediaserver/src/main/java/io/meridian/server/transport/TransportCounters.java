package io.meridian.server.transport;

import java.util.concurrent.atomic.AtomicLong;

/** Datagrams the transport refused before any participant saw them, by reason. */
public final class TransportCounters {
    final AtomicLong unverifiedSource = new AtomicLong();
    final AtomicLong unknownKind = new AtomicLong();
    final AtomicLong stunRejected = new AtomicLong();
    final AtomicLong stunMalformed = new AtomicLong();
    final AtomicLong oversized = new AtomicLong();

    public long unverifiedSource() {
        return unverifiedSource.get();
    }

    public long unknownKind() {
        return unknownKind.get();
    }

    public long stunRejected() {
        return stunRejected.get();
    }

    public long stunMalformed() {
        return stunMalformed.get();
    }

    public long oversized() {
        return oversized.get();
    }
}
