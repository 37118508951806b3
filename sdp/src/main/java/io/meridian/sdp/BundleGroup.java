package io.meridian.sdp;

import java.util.List;

/**
 * The BUNDLE group of a description ({@code a=group:BUNDLE <mid> ...}, RFC 8843 §5) and the bundle-only rule: an
 * m-line with port 0 and {@code a=bundle-only} whose mid is in the group is bundled, not disabled (RFC 8843 §6).
 * Offerers with the max-bundle policy mark every m-line but the first that way (RFC 8829 §5.2.1), as GStreamer's
 * webrtcbin does; answerers following RFC 8843 §7.3 answer that way every bundled m-line but their tagged one.
 */
final class BundleGroup {
    private BundleGroup() {
    }

    /** The mids of the first BUNDLE group, or an empty list if there is none. */
    static List<String> mids(SessionDescription sdp) {
        for (String group : sdp.attributeValues("group")) {
            String[] parts = SdpTokens.words(group);
            if (parts[0].equals("BUNDLE") && parts.length > 1) {
                return List.of(parts).subList(1, parts.length);
            }
        }
        return List.of();
    }

    /** Whether a port-0 m-line is bundled rather than disabled (RFC 8843 §6, §7.5.3). */
    static boolean isBundleOnly(MediaDescription media, List<String> mids) {
        return media.port() == 0 && media.hasAttribute("bundle-only") && media.mid().map(mids::contains).orElse(false);
    }
}
