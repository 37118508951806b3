package io.meridian.server.peer;

import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.RtpPacket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** What a peer decrypted from the node: RTP packets and RTCP compounds, in arrival order. */
public final class ReceivedMedia {
    /** One decrypted RTP packet. */
    public record Rtp(long ssrc, int sequence, int payloadType, long timestamp, byte[] payload) {
        public String payloadText() {
            return new String(payload, StandardCharsets.ISO_8859_1);
        }
    }

    /** One decrypted RTCP compound: the type of its first packet and its bytes. */
    public record Rtcp(int firstPacketType, byte[] bytes) {
    }

    private final List<Rtp> rtp = new CopyOnWriteArrayList<>();
    private final List<Rtcp> rtcp = new CopyOnWriteArrayList<>();

    void addRtp(byte[] b, int off, int len) {
        int header = RtpPacket.headerLength(b, off, len);
        if (header < 0) {
            return;
        }
        rtp.add(new Rtp(RtpPacket.ssrc(b, off) & 0xFFFFFFFFL, RtpPacket.sequence(b, off), RtpPacket.payloadType(b, off),
                RtpPacket.timestamp(b, off), Arrays.copyOfRange(b, off + header, off + len)));
    }

    void addRtcp(byte[] b, int off, int len) {
        rtcp.add(new Rtcp(RtcpPacket.packetType(b, off), Arrays.copyOfRange(b, off, off + len)));
    }

    public List<Rtp> rtp() {
        return List.copyOf(rtp);
    }

    public List<Rtp> rtp(long ssrc) {
        return rtp.stream().filter(p -> p.ssrc() == ssrc).toList();
    }

    public Set<Long> ssrcs() {
        return rtp.stream().map(Rtp::ssrc).collect(Collectors.toSet());
    }

    public boolean hasSequence(long ssrc, int sequence) {
        return rtp.stream().anyMatch(p -> p.ssrc() == ssrc && p.sequence() == sequence);
    }

    public long countSequence(long ssrc, int sequence) {
        return rtp.stream().filter(p -> p.ssrc() == ssrc && p.sequence() == sequence).count();
    }

    public List<Rtcp> rtcp() {
        return List.copyOf(rtcp);
    }
}
