package io.meridian.microbench;

import io.meridian.router.Conference;
import io.meridian.router.DropReason;
import io.meridian.router.Feature;
import io.meridian.router.Leg;
import io.meridian.router.MediaCounters;
import io.meridian.router.MediaListener;
import io.meridian.router.Negotiated;
import io.meridian.router.PublishedTrackSpec;
import io.meridian.router.StageRegistry;
import io.meridian.router.TrackKind;
import io.meridian.router.TrackMaps;
import io.meridian.router.cc.CongestionSettings;
import io.meridian.router.registry.DefaultStages;
import io.meridian.router.retransmit.RetransmissionSettings;
import io.meridian.rtp.RtpPacket;
import io.meridian.srtp.DtlsRole;
import io.meridian.srtp.SrtpKeys;
import io.meridian.srtp.SrtpProfile;
import io.meridian.srtp.SrtpProtector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

import java.util.EnumSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One publisher and N receivers in one {@link Conference}, wired as the node wires them (pooled heap allocator,
 * {@code System::nanoTime}, AEAD_AES_128_GCM on every leg): each op delivers one SRTP-protected 1,200-byte video
 * packet into {@code InboundPipeline.receive}, which decrypts it once, then copies, rewrites (payload type,
 * extension ids) and re-encrypts it for each of the N receivers. The receivers' {@code PacketSender} counts and
 * releases the datagram, standing in for the socket write.
 *
 * <p>Each op first makes the publisher's packet: a pooled buffer, a new sequence number (the router's replay check
 * would drop a repeated one), and the browser-side encryption. {@link #publisherPacketOnly} measures exactly that
 * preparation, so the router's cost per op is 1/fanOut - 1/publisherPacketOnly (in seconds per op), and the cost per
 * forwarded packet is that divided by N. With {@code -prof gc}, {@code gc.alloc.rate.norm} / N is the bytes
 * allocated per forwarded packet (the architecture guide's target: at most 64).
 *
 * <p>The forked JVM uses the allocator's thread-local caches on the JMH thread, as it does on the node's Netty
 * event loops.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(jvmArgsAppend = "-Dio.netty.allocator.useCacheForAllThreads=true")
public class FanOutBenchmark {
    static final int SSRC = 0x0BAD_CAFE;
    @Param({"10", "100"})
    public int receivers;

    /**
     * What the legs negotiated and the node does: {@code nack} (with PLI and FIR; the node caches video for NACKs),
     * that and {@code transport-cc} (numbering each receiver's copy, remembering it; no feedback comes back here), or
     * {@code none}: retransmission and transport-cc switched off at the node, as before issue 14.
     */
    @Param({"none", "nack", "transport-cc"})
    public String features;

    private PooledByteBufAllocator alloc;
    private MediaCounters counters;
    private Conference conference;
    private Leg publisher;
    private SrtpProtector publisherBrowser;
    private byte[] packet;
    private int seq;
    /** Datagrams the receivers' senders got; read by the smoke test. */
    long delivered;

    @Setup(Level.Trial)
    public void setUp() {
        alloc = new PooledByteBufAllocator(false);
        counters = new MediaCounters();
        StageRegistry stages = features.equals("none")
                ? DefaultStages.registry(new RetransmissionSettings(false, 1024, 1000, 2L << 20),
                        new CongestionSettings(false, 100_000_000L, false, 5_000_000L))
                : DefaultStages.registry();
        conference = new Conference("bench", counters, alloc, System::nanoTime, stages, MediaListener.NONE);
        Random random = new Random(11);
        publisher = conference.addLeg("publisher", ByteBuf::release,
                negotiated(RtpRewriteBenchmark.TRANSPORT_SEQUENCE_ID));
        SrtpKeys publisherKeys = keys(random);
        publisherBrowser = new SrtpProtector(publisherKeys, DtlsRole.CLIENT);
        conference.srtpReady(publisher, new SrtpProtector(publisherKeys, DtlsRole.SERVER));
        if (!conference.publish(publisher, new PublishedTrackSpec("video", TrackKind.VIDEO, SSRC, 0))) {
            throw new IllegalStateException("publish refused");
        }
        TrackMaps maps = receiverMaps();
        for (int i = 0; i < receivers; i++) {
            Leg leg = conference.addLeg("receiver-" + i, this::sent,
                    negotiated(receiverMaps().extensionIds()[RtpRewriteBenchmark.TRANSPORT_SEQUENCE_ID]));
            conference.srtpReady(leg, new SrtpProtector(keys(random), DtlsRole.SERVER));
            if (!conference.subscribe(leg, SSRC, maps)) {
                throw new IllegalStateException("subscribe refused");
            }
        }
        packet = RtpRewriteBenchmark.videoPacket();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (DropReason reason : DropReason.values()) {
            if (counters.drops(reason) != 0) {
                throw new IllegalStateException(counters.drops(reason) + " packets dropped: " + reason);
            }
        }
    }

    /** One publisher packet through the conference to every receiver. */
    @Benchmark
    public long fanOut() {
        conference.inbound().receive(publisher, nextPublisherPacket());
        return delivered;
    }

    /** The preparation {@link #fanOut} includes (buffer, header, browser-side encryption), for subtraction. */
    @Benchmark
    public int publisherPacketOnly() {
        ByteBuf buf = nextPublisherPacket();
        int n = buf.readableBytes();
        buf.release();
        return n;
    }

    private ByteBuf nextPublisherPacket() {
        seq = (seq + 1) & 0xFFFF;
        int len = packet.length;
        ByteBuf buf = alloc.heapBuffer(len + SrtpProtector.MAX_TRAILER_LENGTH);
        byte[] b = buf.array();
        int o = buf.arrayOffset();
        System.arraycopy(packet, 0, b, o, len);
        RtpPacket.setSequence(b, o, seq);
        int sealed = publisherBrowser.protectRtp(b, o, len);
        buf.writerIndex(sealed);
        return buf;
    }

    private void sent(ByteBuf datagram) {
        delivered++;
        datagram.release();
    }

    /** The receivers negotiated other numbers than the publisher: PT 96 -> 100, ids 2 -> 5, 3 -> 2, mid stripped. */
    private static TrackMaps receiverMaps() {
        byte[] pts = RtpRewriteBenchmark.identity(128);
        pts[RtpRewriteBenchmark.PUBLISHER_PT] = RtpRewriteBenchmark.RECEIVER_PT;
        byte[] ids = new byte[256];
        ids[2] = 5;
        ids[3] = 2;
        return new TrackMaps(pts, ids);
    }

    /** The legs' features, transport-cc under {@code transportSequenceId} when {@link #features} says so. */
    private Negotiated negotiated(int transportSequenceId) {
        return features.equals("transport-cc")
                ? new Negotiated(EnumSet.of(Feature.NACK, Feature.PLI, Feature.FIR, Feature.TRANSPORT_CC),
                        transportSequenceId, 0)
                : Negotiated.of(EnumSet.of(Feature.NACK, Feature.PLI, Feature.FIR));
    }

    private static SrtpKeys keys(Random random) {
        SrtpProfile p = SrtpProfile.AEAD_AES_128_GCM;
        return new SrtpKeys(p, bytes(random, p.keyLength()), bytes(random, p.keyLength()),
            bytes(random, p.saltLength()), bytes(random, p.saltLength()));
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
