package io.meridian.sdp;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A host candidate of the media node (ICE-lite, RFC 8445 §2.5: only host candidates): UDP, or TCP passive (RFC 6544
 * §4.5: the node accepts connections, never opens them). The address must be an IP literal; a host name would need
 * a DNS lookup on the signalling path and is refused.
 */
public record Candidate(String ip, int port, boolean tcp) {
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public Candidate {
        if (ip == null || !(isIpv4(ip) || isIpv6(ip))) {
            throw new IllegalArgumentException("candidate address must be an IPv4 or IPv6 literal: " + ip);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("candidate port out of range: " + port);
        }
    }

    /** A UDP candidate. */
    public Candidate(String ip, int port) {
        this(ip, port, false);
    }

    public boolean ipv6() {
        return isIpv6(ip);
    }

    /**
     * RFC 8445 §5.1.2.1: priority = 2^24 * type preference + 2^8 * local preference + (256 - component).
     * Host type preference is 126; IPv6 gets the higher local preference as RFC 8421 recommends for dual stack. A
     * TCP candidate ranks below every UDP one (RFC 6544 §4.2: its local preference is 2^13 * the passive direction's
     * preference, 4, plus the other preference, so UDP is tried and used first).
     */
    public long priority() {
        long localPreference = tcp ? (4L << 13) + (ipv6() ? 8191 : 8190) : ipv6() ? 65535 : 65534;
        return (126L << 24) + (localPreference << 8) + (256 - 1);
    }

    /** RFC 8445 §5.1.1.3: same type and base give the same foundation; the base here is the address. */
    public String foundation() {
        CRC32 crc = new CRC32();
        crc.update(("host " + (tcp ? "tcp " : "udp ") + ip).getBytes(StandardCharsets.US_ASCII));
        return Long.toString(crc.getValue());
    }

    /**
     * The value of an {@code a=candidate} attribute (RFC 8839 §5.1), component 1 only because of rtcp-mux; a TCP one
     * with {@code tcptype passive} (RFC 6544 §4.5).
     */
    public String attributeValue() {
        return foundation() + " 1 " + (tcp ? "tcp " : "udp ") + priority() + " " + ip + " " + port + " typ host"
                + (tcp ? " tcptype passive" : "");
    }

    private static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!SdpTokens.isDigits(part, 3) || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String text) {
        return text.contains(":") && IPV6_CHARS.matcher(text).matches() && text.chars().filter(c -> c == ':').count() <= 7;
    }
}
