package io.meridian.loadgen;

import io.meridian.client.PeerSdp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a simulcast publisher of the bench sends: three VP8 layers, lowest first as Chromium's {@code sendEncodings}
 * (q, h, f), at a quarter, half and all of {@code --video-kbps} and 180, 360 and 720 lines (Chromium's default
 * scale-down factors 4, 2, 1; its bitrates step more steeply, but the figure compared is per packet, and every layer
 * sends the same 1,200-byte packets as the non-simulcast conference).
 */
final class SimulcastProfile {
    static final List<String> RIDS = List.of("q", "h", "f");
    static final double[] SHARES = {0.25, 0.5, 1};
    static final int[] HEIGHTS = {180, 360, 720};
    /**
     * Packets of each layer that carry its mid and rid: enough that the node binds the SSRC even if the first few are
     * lost, few enough that the window sees none, as with Chromium once receiver reports acknowledge the SSRC.
     */
    static final int SDES_PACKETS = 100;

    private SimulcastProfile() {
    }

    static int layers() {
        return RIDS.size();
    }

    /** The layer's mid and rid elements (RFC 8285 §4.2 one-byte form: id, length - 1, the ASCII value). */
    static byte[] sdesElements(int layer) {
        byte[] mid = PeerSdp.VIDEO_MID.getBytes(StandardCharsets.US_ASCII);
        byte[] rid = RIDS.get(layer).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[2 + mid.length + rid.length];
        out[0] = (byte) ((PeerSdp.MID_ID << 4) | (mid.length - 1));
        System.arraycopy(mid, 0, out, 1, mid.length);
        out[1 + mid.length] = (byte) ((PeerSdp.RID_ID << 4) | (rid.length - 1));
        System.arraycopy(rid, 0, out, 2 + mid.length, rid.length);
        return out;
    }
}
