package io.meridian.router;

import io.meridian.srtp.DtlsRole;
import io.meridian.srtp.SrtpKeys;
import io.meridian.srtp.SrtpProfile;
import io.meridian.srtp.SrtpProtector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

import io.meridian.router.registry.DefaultStages;
import io.meridian.router.retransmit.RetransmissionSettings;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * An in-memory conference with real SRTP on both sides of each leg: a "browser" protector per participant
 * encrypts what it sends and decrypts what the router emits. Time is a field the test advances.
 */
final class RouterHarness implements AutoCloseable {
    final ByteBufAllocator alloc;
    final MediaCounters counters = new MediaCounters();
    long now = 1_000_000_000L;
    final RecordingListener events = new RecordingListener();
    final Conference conference;
    /** The transport-wide sequence number's extension id of peers that negotiated every feature (Chromium's). */
    static final int TRANSPORT_SEQUENCE_ID = 3;
    static final int ABS_SEND_TIME_ID = 2;
    private final Random random = new Random(42);
    private final List<Peer> peers = new ArrayList<>();

    /** With the node's stages, retransmission on with its defaults. */
    RouterHarness() {
        this((StageRegistry) null);
    }

    RouterHarness(StageRegistry registry) {
        this(new PooledByteBufAllocator(false), registry != null ? registry : DefaultStages.registry());
    }

    /** With the node's stages, congestion control as {@code congestion} says. */
    RouterHarness(io.meridian.router.cc.CongestionSettings congestion) {
        this(new PooledByteBufAllocator(false), DefaultStages.registry(
                io.meridian.router.retransmit.RetransmissionSettings.DEFAULTS, congestion));
    }

    /** With the node's stages, on {@code alloc} (e.g. one whose metric counts every byte not released). */
    RouterHarness(ByteBufAllocator alloc, StageRegistry registry) {
        this.alloc = alloc;
        conference = new Conference("c1", counters, alloc, () -> now, registry, events);
    }

    final class Peer {
        final Leg leg;
        final SrtpProtector browser;
        final List<byte[]> received = new ArrayList<>();

        Peer(String id, Negotiated negotiated) {
            byte[] ck = bytes(16);
            byte[] sk = bytes(16);
            byte[] cs = bytes(12);
            byte[] ss = bytes(12);
            SrtpKeys keys = new SrtpKeys(SrtpProfile.AEAD_AES_128_GCM, ck, sk, cs, ss);
            browser = new SrtpProtector(keys, DtlsRole.CLIENT);
            leg = conference.addLeg(id, this::capture, negotiated);
            conference.srtpReady(leg, new SrtpProtector(keys, DtlsRole.SERVER));
        }

        /** Datagrams to lose on the way to this peer, as a lossy link would (it never decrypts them). */
        int loseNext;

        private void capture(ByteBuf datagram) {
            if (loseNext > 0) {
                loseNext--;
                datagram.release();
                return;
            }
            try {
                byte[] copy = new byte[datagram.readableBytes() + 32];
                datagram.getBytes(datagram.readerIndex(), copy, 0, datagram.readableBytes());
                int pt = copy[1] & 0xFF;
                int n = (pt >= 192 && pt <= 223)
                        ? browser.unprotectRtcp(copy, 0, datagram.readableBytes())
                        : browser.unprotectRtp(copy, 0, datagram.readableBytes());
                if (n < 0) {
                    throw new AssertionError("router emitted a packet the browser cannot decrypt: " + n);
                }
                received.add(java.util.Arrays.copyOf(copy, n));
            } finally {
                datagram.release();
            }
        }

        /** Encrypts and delivers an RTP packet from this peer into the router. */
        void sendRtp(int ssrc, int seq, int pt, int payloadLength) {
            deliver(encryptRtp(ssrc, seq, pt, payloadLength));
        }

        ByteBuf encryptRtp(int ssrc, int seq, int pt, int payloadLength) {
            byte[] b = new byte[12 + payloadLength + 32];
            b[0] = (byte) 0x80;
            b[1] = (byte) (0x80 | pt); // the marker: each packet is a whole frame (its own timestamp)
            io.meridian.rtp.Bytes.put16(b, 2, seq);
            io.meridian.rtp.Bytes.put32(b, 4, seq * 960);
            io.meridian.rtp.Bytes.put32(b, 8, ssrc);
            for (int i = 12; i < 12 + payloadLength; i++) {
                b[i] = (byte) i;
            }
            int n = browser.protectRtp(b, 0, 12 + payloadLength);
            ByteBuf buf = alloc.heapBuffer(n + 32);
            buf.writeBytes(b, 0, n);
            return buf;
        }

        /** Encrypts and delivers a whole plaintext RTP packet this peer wrote itself. */
        void sendRtpBytes(byte[] plain) {
            byte[] b = java.util.Arrays.copyOf(plain, plain.length + 32);
            int n = browser.protectRtp(b, 0, plain.length);
            ByteBuf buf = alloc.heapBuffer(n + 32);
            buf.writeBytes(b, 0, n);
            deliver(buf);
        }

        void sendRtcp(byte[] plain, int len) {
            byte[] b = java.util.Arrays.copyOf(plain, len + 32);
            int n = browser.protectRtcp(b, 0, len);
            ByteBuf buf = alloc.heapBuffer(n + 32);
            buf.writeBytes(b, 0, n);
            deliver(buf);
        }

        void deliver(ByteBuf buf) {
            conference.inbound().receive(leg, buf);
        }

        List<byte[]> rtcpOfType(int type, int fmt) {
            List<byte[]> out = new ArrayList<>();
            for (byte[] p : received) {
                if ((p[1] & 0xFF) == type && (p[0] & 0x1F) == fmt) {
                    out.add(p);
                }
            }
            return out;
        }

        List<byte[]> rtp() {
            List<byte[]> out = new ArrayList<>();
            for (byte[] p : received) {
                int pt = p[1] & 0xFF;
                if (pt < 192 || pt > 223) {
                    out.add(p);
                }
            }
            return out;
        }
    }

    /**
     * A peer that negotiated every feature, as browsers do: transport-cc with {@link #TRANSPORT_SEQUENCE_ID}, and
     * abs-send-time with {@link #ABS_SEND_TIME_ID} (REMB, which transport-cc then makes unused).
     */
    Peer peer(String id) {
        return peer(id, new Negotiated(EnumSet.allOf(Feature.class), TRANSPORT_SEQUENCE_ID, ABS_SEND_TIME_ID));
    }

    /**
     * A 1,200-byte VP8 packet (payload type 96) of {@code ssrc} carrying one header-extension element: {@code id}
     * with the {@code length} low bytes of {@code value}, big-endian (one-byte form, RFC 8285 §4.2).
     */
    static byte[] withElement(int ssrc, int seq, int id, long value, int length) {
        byte[] b = new byte[1200];
        b[0] = (byte) 0x90;
        b[1] = 96;
        io.meridian.rtp.Bytes.put16(b, 2, seq);
        io.meridian.rtp.Bytes.put32(b, 8, ssrc);
        io.meridian.rtp.Bytes.put16(b, 12, 0xBEDE);
        io.meridian.rtp.Bytes.put16(b, 14, 1);
        b[16] = (byte) ((id << 4) | (length - 1));
        for (int i = 0; i < length; i++) {
            b[17 + i] = (byte) (value >>> (8 * (length - 1 - i)));
        }
        return b;
    }

    /**
     * {@code publisher} publishes VP8 (96) with RTX (97) as {@code ssrc} and {@code rtxSsrc}; {@code receiver} gets
     * them as 100 and 101.
     */
    void publishVideoWithRtx(Peer publisher, int ssrc, int rtxSsrc, Peer receiver) {
        if (!conference.publish(publisher.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, ssrc, rtxSsrc,
                RtxPayloadTypes.of(new int[][] {{96, 97}})))) {
            throw new AssertionError("the conference refused the track");
        }
        TrackMaps maps = TrackMaps.identity();
        maps.payloadTypes()[96] = 100;
        maps.payloadTypes()[97] = 101;
        conference.subscribe(receiver.leg, ssrc, maps);
    }

    Peer peer(String id, Set<Feature> features) {
        return peer(id, Negotiated.of(features));
    }

    Peer peer(String id, Negotiated negotiated) {
        Peer peer = new Peer(id, negotiated);
        peers.add(peer);
        return peer;
    }

    /** Removes every peer's leg, as the node does when a conference ends: what the conference kept is freed. */
    @Override
    public void close() {
        for (Peer peer : peers) {
            conference.removeLeg(peer.leg);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
