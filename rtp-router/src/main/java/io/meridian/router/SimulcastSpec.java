package io.meridian.router;

import java.util.List;

/**
 * The layers of a simulcast track, lowest first, as its SDP offered them: by rid (RFC 8851, RFC 8853), whose SSRCs
 * the node learns from the first packets that carry the rid in an {@code rtp-stream-id} element (RTX: in a
 * {@code repaired-rtp-stream-id} one, RFC 8852 §3), or by SSRC (an SSRC group SIM, with an RTX SSRC per layer or 0).
 *
 * @param mid           the m-line's mid, matched against a packet's {@code mid} element when there is one
 * @param midId         extension ids the publisher negotiated (0: none)
 */
public record SimulcastSpec(List<String> rids, int[] ssrcs, int[] rtxSsrcs, String mid, int midId, int ridId,
                            int repairedRidId) {
    public SimulcastSpec {
        rids = List.copyOf(rids);
        ssrcs = ssrcs.clone();
        rtxSsrcs = rtxSsrcs.clone();
    }

    /** RID-based layers. */
    public static SimulcastSpec byRid(List<String> rids, String mid, int midId, int ridId, int repairedRidId) {
        return new SimulcastSpec(rids, new int[rids.size()], new int[rids.size()], mid, midId, ridId, repairedRidId);
    }

    /** Layers by SSRC (SIM group), each with its RTX SSRC or 0. */
    public static SimulcastSpec bySsrc(int[] ssrcs, int[] rtxSsrcs) {
        return new SimulcastSpec(List.of(), ssrcs, rtxSsrcs, "", 0, 0, 0);
    }

    public int layers() {
        return ssrcs.length;
    }

    /** The layer whose rid is the ASCII {@code b[off, off+len)}, or -1. */
    int layerOfRid(byte[] b, int off, int len) {
        for (int i = 0; i < rids.size(); i++) {
            if (ascii(rids.get(i), b, off, len)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the ASCII {@code b[off, off+len)} is this track's mid. */
    boolean isMid(byte[] b, int off, int len) {
        return ascii(mid, b, off, len);
    }

    /**
     * Whether {@code b[off, off+len)} spells {@code s} (rids and mids are ASCII tokens, RFC 8851 §10): compared in
     * place, since every packet of an SSRC no rid binds comes this way.
     */
    private static boolean ascii(String s, byte[] b, int off, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != (b[off + i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }
}
