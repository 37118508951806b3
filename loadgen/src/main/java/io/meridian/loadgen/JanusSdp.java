package io.meridian.loadgen;

import io.meridian.sdp.MediaDescription;
import io.meridian.sdp.SdpException;
import io.meridian.sdp.SessionDescription;
import io.meridian.srtp.DtlsRole;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What the Janus adapter reads from Janus's SDP and adds to the synthetic participant's: Janus's ICE credentials,
 * DTLS fingerprint and role and its host candidate (its answers and offers carry them all: half-trickle), and this
 * side's host candidate, so Janus needs no trickle from a participant that gathers nothing else.
 */
final class JanusSdp {
    private JanusSdp() {
    }

    /** Janus's side of one PeerConnection. */
    record Remote(String ufrag, String pwd, String fingerprint, DtlsRole localRole, InetSocketAddress candidate) {
    }

    static Remote remote(String sdp) throws IOException {
        SessionDescription session;
        MediaDescription m;
        try {
            session = SessionDescription.parse(sdp);
            m = session.media().get(0);
        } catch (SdpException | IndexOutOfBoundsException e) {
            throw new IOException("janus sent SDP this side cannot read: " + e.getMessage() + "\n" + sdp, e);
        }
        String ufrag = required(session, m, "ice-ufrag", sdp);
        String pwd = required(session, m, "ice-pwd", sdp);
        String fingerprint = required(session, m, "fingerprint", sdp).trim();
        if (!fingerprint.startsWith("sha-256 ")) {
            throw new IOException("janus's fingerprint is not sha-256: " + fingerprint);
        }
        // RFC 5763 §5: the endpoint that is "active" opens the DTLS association, i.e. is the client; Janus
        // answering active makes this side the server. An offer's actpass leaves the choice to this side's answer.
        String setup = m.attribute("setup").or(() -> session.attribute("setup")).orElse("actpass").trim();
        DtlsRole local = setup.equals("active") ? DtlsRole.SERVER : DtlsRole.CLIENT;
        return new Remote(ufrag, pwd, fingerprint.substring("sha-256 ".length()), local, hostCandidate(m, sdp));
    }

    /**
     * Adds this side's host candidate (RFC 8839 §5.1) and end-of-candidates (§5.2, this side trickles nothing
     * later) to every m-section of {@code sdp}, right after its {@code a=mid} line.
     */
    static String withCandidate(String sdp, InetSocketAddress local) {
        String candidate = "a=candidate:1 1 udp 2130706431 " + local.getAddress().getHostAddress() + " "
                + local.getPort() + " typ host\r\na=end-of-candidates\r\n";
        StringBuilder out = new StringBuilder();
        for (String line : sdp.split("\r\n")) {
            out.append(line).append("\r\n");
            if (line.startsWith("a=mid:")) {
                out.append(candidate);
            }
        }
        return out.toString();
    }

    /** The offer with {@code a=setup:VALUE} in place of Chromium's actpass. */
    static String withSetup(String sdp, String value) {
        return sdp.replace("a=setup:actpass\r\n", "a=setup:" + value + "\r\n");
    }

    private static InetSocketAddress hostCandidate(MediaDescription m, String sdp) throws IOException {
        for (String value : m.attributeValues("candidate")) {
            // RFC 8839 §5.1: foundation component transport priority address port "typ" type
            String[] f = value.trim().split(" +");
            if (f.length >= 8 && f[2].equalsIgnoreCase("udp") && f[7].equals("host")) {
                return new InetSocketAddress(f[4], Integer.parseInt(f[5]));
            }
        }
        throw new IOException("janus's SDP has no UDP host candidate (is ice_enforce_list right?):\n" + sdp);
    }

    /** A media-level attribute, else the session-level one (RFC 8866 §5.13: Janus puts its fingerprint there). */
    private static String required(SessionDescription session, MediaDescription m, String attribute, String sdp)
            throws IOException {
        Optional<String> value = m.attribute(attribute).or(() -> session.attribute(attribute));
        if (value.isEmpty()) {
            throw new IOException("janus's SDP has no a=" + attribute + ":\n" + sdp);
        }
        return value.get();
    }
}
