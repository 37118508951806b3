package io.meridian.server.session;

import io.meridian.router.Feature;

import java.util.EnumSet;
import java.util.Set;

/**
 * The media features a participant's negotiation agreed on, read from the node's answer: it lists, per accepted
 * codec, only the feedback both sides support ({@code a=rtcp-fb}, RFC 4585 §4.2), so the router installs stages for
 * exactly those.
 */
final class NegotiatedFeatures {
    private static final String RTCP_FB = "a=rtcp-fb:";

    private NegotiatedFeatures() {
    }

    static Set<Feature> of(String answerSdp) {
        Set<Feature> features = EnumSet.noneOf(Feature.class);
        for (String line : answerSdp.split("\r?\n")) {
            if (!line.startsWith(RTCP_FB)) {
                continue;
            }
            // a=rtcp-fb:<pt or *> <type> [<parameter>]
            int space = line.indexOf(' ');
            if (space > 0) {
                features.addAll(Feature.ofRtcpFb(line.substring(space + 1).trim().replaceAll(" +", " ")));
            }
        }
        return features;
    }
}
