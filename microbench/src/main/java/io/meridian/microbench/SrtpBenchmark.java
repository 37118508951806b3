package io.meridian.microbench;

import io.meridian.rtp.Bytes;
import io.meridian.srtp.DtlsRole;
import io.meridian.srtp.SrtpKeys;
import io.meridian.srtp.SrtpProfile;
import io.meridian.srtp.SrtpProtector;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SRTP cost per packet for each negotiated profile, on one core: ops/s is packets/s.
 *
 * <p>Why two benchmarks and a subtraction: the receiver must reject a replayed packet index (RFC 3711 §3.3.2), so
 * unprotect cannot be measured over a fixed ring of pre-encrypted packets (the ring wraps and every packet after
 * the first lap is a replay), and a fresh receiver context per packet would measure key derivation instead. So a
 * sender/receiver pair with the same keys advances the sequence number on every call: {@link #protectRtp} measures
 * the sender alone, {@link #protectThenUnprotectRtp} the round trip through the receiver (which also checks the
 * replay window on every packet, as the node does). The unprotect cost is the difference of the two per-op times.
 * Both reuse one buffer and allocate nothing themselves; run with {@code -prof gc} to check that the protector
 * does not either.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class SrtpBenchmark {
    private static final int RTP_HEADER = 12;

    @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
    public SrtpProfile profile;

    /** 1,200 bytes: a full video packet; 160 bytes: 20 ms of G.711 or a large Opus frame. */
    @Param({"1200", "160"})
    public int payloadLength;

    private SrtpProtector sender;
    private SrtpProtector receiver;
    private byte[] buf;
    private int plainLength;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(7);
        SrtpKeys keys = new SrtpKeys(profile, bytes(random, profile.keyLength()), bytes(random, profile.keyLength()),
            bytes(random, profile.saltLength()), bytes(random, profile.saltLength()));
        sender = new SrtpProtector(keys, DtlsRole.CLIENT);
        receiver = new SrtpProtector(keys, DtlsRole.SERVER);
        plainLength = RTP_HEADER + payloadLength;
        buf = new byte[plainLength + SrtpProtector.MAX_TRAILER_LENGTH];
        random.nextBytes(buf);
        buf[0] = (byte) 0x80;
        buf[1] = 96;
        Bytes.put32(buf, 8, 0x1234_5678);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sender.close();
        receiver.close();
    }

    /** Encrypts one packet in place; the payload stays whatever the previous call left, which costs the same. */
    @Benchmark
    public int protectRtp() {
        nextHeader();
        return sender.protectRtp(buf, 0, plainLength);
    }

    /** Encrypts then authenticates, replay-checks and decrypts the same packet: unprotect = this - protectRtp. */
    @Benchmark
    public int protectThenUnprotectRtp() {
        nextHeader();
        int sealed = sender.protectRtp(buf, 0, plainLength);
        int plain = receiver.unprotectRtp(buf, 0, sealed);
        if (plain != plainLength) {
            // A rejected packet would make the figure meaningless (it skips decryption): fail the run instead.
            throw new IllegalStateException("unprotect failed: " + plain);
        }
        return plain;
    }

    /** A new sequence number and timestamp per packet, as a real stream has (the index wraps into the ROC). */
    private void nextHeader() {
        seq = (seq + 1) & 0xFFFF;
        Bytes.put16(buf, 2, seq);
        Bytes.put32(buf, 4, seq * 3000);
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
