package io.meridian.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The payload types and header extension ids one client uses, learnt from its offers, so that the m-lines the
 * server adds for that client speak the client's own numbering. In a BUNDLE group a payload type or extension id
 * must mean the same thing on every m-line (RFC 8843 §7.5, §9.2), so numbers the client did not offer for the
 * codec are allocated from those it uses for nothing else.
 *
 * <p>A client that breaks that rule (aiortc 1.4 offers id 2 as ssrc-audio-level on audio and as abs-send-time on
 * video, and parses every RTP packet of its bundled transport with one map) cannot tell which extension such an id
 * carries, so no forwarded extension is sent under it: the extensions it named get free ids instead.
 */
final class ReceiverCatalogue {
    private final Map<String, List<Codec>> codecsByKind = new HashMap<>();
    private final Set<Integer> payloadTypesInUse = new HashSet<>();
    private final Map<String, Integer> extensionIds = new HashMap<>();
    private final Set<Integer> extensionIdsInUse = new HashSet<>();
    /** Ids the client maps to more than one URI across its m-lines, against the BUNDLE rule above. */
    private final Set<Integer> ambiguousExtensionIds = new HashSet<>();

    /** Records every codec the client offered and every number it uses, accepted by the SFU or not. */
    void learn(ClientOffer offer) {
        Map<Integer, String> uriById = new HashMap<>();
        for (int i = 0; i < offer.media().size(); i++) {
            OfferedMedia media = offer.media().get(i);
            MediaDescription description = offer.description().media().get(i);
            for (String format : description.formats()) {
                if (SdpTokens.isDigits(format, 3)) {
                    payloadTypesInUse.add(Integer.parseInt(format));
                }
            }
            List<Codec> known = codecsByKind.computeIfAbsent(media.kind(), k -> new ArrayList<>());
            for (Codec codec : media.codecs()) {
                if (known.stream().noneMatch(c -> c.pt() == codec.pt())) {
                    known.add(codec);
                }
            }
            for (String value : description.attributeValues("extmap")) {
                // RFC 8285 §8: <value>["/"<direction>] <URI> [<extensionattributes>]
                String[] words = SdpTokens.words(value);
                String id = SdpTokens.extmapId(words[0]);
                if (SdpTokens.isDigits(id, 3)) {
                    int number = Integer.parseInt(id);
                    extensionIdsInUse.add(number);
                    String uri = words.length > 1 ? words[1] : "";
                    String earlier = uriById.putIfAbsent(number, uri);
                    if (earlier != null && !earlier.equals(uri)) {
                        ambiguousExtensionIds.add(number);
                    }
                }
            }
        }
        extensionIds.values().removeIf(ambiguousExtensionIds::contains);
        for (OfferedMedia media : offer.media()) {
            media.extensions().stream().filter(e -> !ambiguousExtensionIds.contains(e.id()))
                    .forEach(e -> extensionIds.putIfAbsent(e.uri(), e.id()));
        }
    }

    /**
     * The codec as this client should receive it: the client's own entry for the same format when it offered
     * one (its payload types, fmtp and feedback), else the publisher's entry under numbers free in this session.
     * Returns null when no payload type is left.
     */
    Codec receiverCodec(String kind, Codec published) {
        for (Codec own : codecsByKind.getOrDefault(kind, List.of())) {
            if (own.sameFormat(published)) {
                return published.hasRtx() ? own : own.withoutRtx();
            }
        }
        int pt = allocatePayloadType(published.pt());
        if (pt < 0) {
            return null;
        }
        int rtx = published.hasRtx() ? allocatePayloadType(published.rtxPt()) : Codec.NO_RTX;
        Codec allocated = published.withPayloadTypes(pt, rtx < 0 ? Codec.NO_RTX : rtx);
        codecsByKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(allocated);
        return allocated;
    }

    /** The client's id for the extension, else a free one-byte id, else 0 (the extension is not forwarded). */
    int extensionId(String uri, int publisherId) {
        Integer known = extensionIds.get(uri);
        if (known != null) {
            return known;
        }
        int id = -1;
        if (!extensionIdsInUse.contains(publisherId)) {
            id = publisherId;
        }
        for (int candidate = 1; id < 0 && candidate <= HeaderExtension.MAX_ONE_BYTE_ID; candidate++) {
            if (!extensionIdsInUse.contains(candidate)) {
                id = candidate;
            }
        }
        if (id < 0) {
            return 0;
        }
        extensionIdsInUse.add(id);
        extensionIds.put(uri, id);
        return id;
    }

    /**
     * Keeps the publisher's number if free, else the dynamic range 96-127 (RFC 3551 §6) and then 35-63, which
     * Chromium also uses; 64-95 stay unused because they clash with RTCP packet types under rtcp-mux (RFC 5761 §4).
     */
    private int allocatePayloadType(int preferred) {
        int[][] ranges = {{96, 127}, {35, 63}};
        for (int[] range : ranges) {
            if (preferred >= range[0] && preferred <= range[1] && payloadTypesInUse.add(preferred)) {
                return preferred;
            }
        }
        for (int[] range : ranges) {
            for (int pt = range[0]; pt <= range[1]; pt++) {
                if (payloadTypesInUse.add(pt)) {
                    return pt;
                }
            }
        }
        return -1;
    }
}
