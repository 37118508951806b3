package io.meridian.microbench;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtpPacket;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing and the per-receiver rewrite of a realistic video packet: a 12-byte header, a one-byte-form extension
 * block (RFC 8285 §4.2) as Chromium sends it (abs-send-time, transport-wide-cc, mid) and a 1,200-byte payload.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class RtpRewriteBenchmark {
    static final int PAYLOAD = 1200;
    /** The id of the transport-wide sequence number element in {@link #videoPacket} (0x31: id 3, two bytes). */
    static final int TRANSPORT_SEQUENCE_ID = 3;
    static final int PUBLISHER_PT = 96;
    static final int RECEIVER_PT = 100;

    /** The packet as the publisher sent it (decrypted). */
    byte[] pristine;
    /** The per-receiver scratch copy, as Egress has one per forwarded packet. */
    byte[] scratch;
    int length;
    /** An involution (2<->3, 4<->5; PT 96<->100): rewriting in place twice restores the packet, so every call does the same work. */
    byte[] swapIds;
    byte[] swapPts;
    /** A receiver that numbered abs-send-time 5 and transport-cc 2 and did not negotiate mid (stripped to padding). */
    byte[] receiverIds;
    byte[] receiverPts;

    @Setup(Level.Trial)
    public void setUp() {
        pristine = videoPacket();
        length = pristine.length;
        scratch = new byte[length + 32];
        swapIds = identity(256);
        swapIds[2] = 3;
        swapIds[3] = 2;
        swapIds[4] = 5;
        swapIds[5] = 4;
        swapPts = identity(128);
        swapPts[PUBLISHER_PT] = RECEIVER_PT;
        swapPts[RECEIVER_PT] = PUBLISHER_PT;
        receiverIds = new byte[256];
        receiverIds[2] = 5;
        receiverIds[3] = 2;
        receiverPts = identity(128);
        receiverPts[PUBLISHER_PT] = RECEIVER_PT;
        System.arraycopy(pristine, 0, scratch, 0, length);
    }

    /** What the inbound path reads from every packet: validation, SSRC, sequence number, timestamp, payload type. */
    @Benchmark
    public long parse() {
        byte[] b = pristine;
        int h = RtpPacket.headerLength(b, 0, length);
        return h + RtpPacket.ssrc(b, 0) + RtpPacket.sequence(b, 0) + RtpPacket.timestamp(b, 0)
            + RtpPacket.payloadType(b, 0) + (RtpPacket.marker(b, 0) ? 1 : 0);
    }

    /** headerLength + setPayloadType + remapExtensions in place (the rewrite alone). */
    @Benchmark
    public boolean rewriteInPlace() {
        byte[] b = scratch;
        if (RtpPacket.headerLength(b, 0, length) < 0) {
            return false;
        }
        RtpPacket.setPayloadType(b, 0, swapPts[RtpPacket.payloadType(b, 0)]);
        return RtpPacket.remapExtensions(b, 0, length, swapIds);
    }

    /** What Egress does per receiver before encrypting: copy the packet, then rewrite PT and extension ids. */
    @Benchmark
    public boolean copyAndRewrite() {
        byte[] b = scratch;
        System.arraycopy(pristine, 0, b, 0, length);
        if (RtpPacket.headerLength(b, 0, length) < 0) {
            return false;
        }
        RtpPacket.setPayloadType(b, 0, receiverPts[RtpPacket.payloadType(b, 0)]);
        return RtpPacket.remapExtensions(b, 0, length, receiverIds);
    }

    /**
     * V=2, X=1, PT 96, then 0xBEDE with 3 words: abs-send-time (id 2, 3 bytes), transport-wide-cc (id 3, 2 bytes),
     * mid (id 4, 1 byte "0"), 3 bytes of padding.
     */
    static byte[] videoPacket() {
        byte[] ext = {
            0x22, 0x12, 0x34, 0x56,
            0x31, 0x00, 0x2A,
            0x40, '0',
            0, 0, 0,
        };
        byte[] b = new byte[12 + 4 + ext.length + PAYLOAD];
        b[0] = (byte) 0x90;
        b[1] = (byte) PUBLISHER_PT;
        Bytes.put16(b, 2, 4711);
        Bytes.put32(b, 4, 90_000);
        Bytes.put32(b, 8, 0x0BAD_CAFE);
        Bytes.put16(b, 12, 0xBEDE);
        Bytes.put16(b, 14, ext.length / 4);
        System.arraycopy(ext, 0, b, 16, ext.length);
        for (int i = 16 + ext.length; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    static byte[] identity(int n) {
        byte[] m = new byte[n];
        for (int i = 0; i < n; i++) {
            m[i] = (byte) i;
        }
        return m;
    }
}
