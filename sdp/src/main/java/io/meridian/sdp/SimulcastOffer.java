package io.meridian.sdp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulcast a client sends on one m-line, lowest layer first: RID-based (RFC 8851 {@code a=rid}, RFC 8853
 * {@code a=simulcast}), whose SSRCs the node learns from the first packets' {@code rtp-stream-id} and
 * {@code repaired-rtp-stream-id} elements (Chromium signals no SSRC for them), or an SSRC group {@code SIM} with an
 * {@code FID} group per layer for its RTX.
 *
 * <p>Layer order: the order of the send list, as Chromium writes its {@code sendEncodings} (q;h;f) and mediasoup and
 * Jitsi take it, lowest first; SIM groups list the lowest first by the same convention.
 *
 * @param rids       RID-based: the layers' rids; empty otherwise
 * @param ssrcLayers SIM: each layer's SSRC and RTX SSRC (0 when none); empty otherwise
 */
public record SimulcastOffer(List<String> rids, List<FidGroup> ssrcLayers) {
    /** Layers a simulcast track may have: what Chromium and Firefox send, and what the layer selector chooses from. */
    public static final int MAX_LAYERS = 3;

    public SimulcastOffer {
        rids = List.copyOf(rids);
        ssrcLayers = List.copyOf(ssrcLayers);
    }

    public int layerCount() {
        return rids.isEmpty() ? ssrcLayers.size() : rids.size();
    }

    /** Whether the node learns the layers' SSRCs from packets (RID-based) rather than from the SDP. */
    public boolean byRid() {
        return !rids.isEmpty();
    }

    /**
     * The m-line's simulcast, or null when it sends none. A send list whose rid no {@code a=rid ... send} declares, or
     * more than {@link #MAX_LAYERS} layers, is refused with {@code unknown_rid} or {@code simulcast_layers}.
     */
    static SimulcastOffer parse(MediaDescription media, List<FidGroup> fidGroups) throws SdpException {
        String sendList = sendList(media);
        if (sendList != null) {
            return new SimulcastOffer(rids(media, sendList), List.of());
        }
        for (String value : media.attributeValues("ssrc-group")) {
            String[] words = SdpTokens.words(value);
            if (words.length > 2 && words[0].equals("SIM")) {
                return new SimulcastOffer(List.of(), ssrcLayers(media, words, fidGroups));
            }
        }
        return null;
    }

    /** RFC 8853 §5.1: {@code a=simulcast:send <list> [recv <list>]} (or the other order); the send list, or null. */
    private static String sendList(MediaDescription media) {
        for (String value : media.attributeValues("simulcast")) {
            String[] words = SdpTokens.words(value);
            for (int i = 0; i + 1 < words.length; i += 2) {
                if (words[i].equals("send")) {
                    return words[i + 1];
                }
            }
        }
        return null;
    }

    /**
     * The send list's streams (';'), each its first alternative (',': RFC 8853 §5.1 lets the answerer keep one); a
     * paused stream ('~') is a layer like the others, which the node finds silent until the client resumes it.
     */
    private static List<String> rids(MediaDescription media, String sendList) throws SdpException {
        Set<String> declared = new LinkedHashSet<>();
        for (String value : media.attributeValues("rid")) {
            String[] words = SdpTokens.words(value);
            if (words.length > 1 && words[1].equals("send")) {
                declared.add(words[0]);
            }
        }
        List<String> rids = new ArrayList<>();
        for (String stream : sendList.split(";")) {
            String first = stream.split(",")[0].trim();
            String rid = first.startsWith("~") ? first.substring(1) : first;
            if (!declared.contains(rid)) {
                throw new SdpException("unknown_rid", "The simulcast send list of the m-line with mid "
                        + media.mid().orElse("?") + " names the rid '" + rid + "', which no a=rid:" + rid
                        + " send line declares (RFC 8853 §5.1).");
            }
            if (!rids.contains(rid)) {
                rids.add(rid);
            }
        }
        checkCount(media, rids.size());
        return rids;
    }

    private static List<FidGroup> ssrcLayers(MediaDescription media, String[] simGroup, List<FidGroup> fidGroups)
            throws SdpException {
        checkCount(media, simGroup.length - 1);
        List<FidGroup> layers = new ArrayList<>();
        for (int i = 1; i < simGroup.length; i++) {
            if (!SdpTokens.isDigits(simGroup[i], 10) || Long.parseLong(simGroup[i]) > 0xFFFF_FFFFL) {
                throw new SdpException("not_sdp", "a=ssrc-group:SIM on the m-line with mid " + media.mid().orElse("?")
                        + " names '" + simGroup[i] + "', which is not an SSRC.");
            }
            long ssrc = Long.parseLong(simGroup[i]);
            long rtx = fidGroups.stream().filter(g -> g.primarySsrc() == ssrc).mapToLong(FidGroup::rtxSsrc)
                    .findFirst().orElse(0);
            layers.add(new FidGroup(ssrc, rtx));
        }
        return layers;
    }

    private static void checkCount(MediaDescription media, int layers) throws SdpException {
        if (layers > MAX_LAYERS) {
            throw new SdpException("simulcast_layers", "The m-line with mid " + media.mid().orElse("?") + " offers "
                    + layers + " simulcast layers; the SFU takes at most " + MAX_LAYERS + ".");
        }
    }
}
