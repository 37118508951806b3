package io.meridian.server.peer;

import io.meridian.client.MediaReceiver;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.RtpPacket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** What a peer decrypted from the node: RTP packets and RTCP compounds, in arrival order. */
public final class ReceivedMedia implements MediaReceiver {
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

    @Override
    public void onRtp(byte[] b, int len, long receiveNanos) {
        int header = RtpPacket.headerLength(b, 0, len);
        if (header < 0) {
            return;
        }
        rtp.add(new Rtp(RtpPacket.ssrc(b, 0) & 0xFFFFFFFFL, RtpPacket.sequence(b, 0), RtpPacket.payloadType(b, 0),
                RtpPacket.timestamp(b, 0), Arrays.copyOfRange(b, header, len)));
    }

    @Override
    public void onRtcp(byte[] b, int len, long receiveNanos) {
        rtcp.add(new Rtcp(RtcpPacket.packetType(b, 0), Arrays.copyOfRange(b, 0, len)));
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
