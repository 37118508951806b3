package io.meridian.server.session;

import io.meridian.router.Feature;
import io.meridian.router.Negotiated;
import io.meridian.rtp.AbsSendTime;
import io.meridian.rtp.AudioLevel;
import io.meridian.rtp.svc.DependencyDescriptorReader;
import io.meridian.sdp.HeaderExtension;

import java.util.EnumSet;
import java.util.Set;

/**
 * The media features a participant's negotiation agreed on, read from the node's answer: it lists, per accepted
 * codec, only the feedback both sides support ({@code a=rtcp-fb}, RFC 4585 §4.2), and the header extensions with the
 * client's ids ({@code a=extmap}, RFC 8285 §8), so the router installs stages for exactly those.
 */
final class NegotiatedFeatures {
    private static final String RTCP_FB = "a=rtcp-fb:";
    private static final String EXTMAP = "a=extmap:";

    private NegotiatedFeatures() {
    }

    static Negotiated of(String answerSdp) {
        Set<Feature> features = EnumSet.noneOf(Feature.class);
        int transportSequenceId = 0;
        int absSendTimeId = 0;
        int audioLevelId = 0;
        int dependencyDescriptorId = 0;
        for (String line : answerSdp.split("\r?\n")) {
            // a=rtcp-fb:<pt or *> <type> [<parameter>]; a=extmap:<id>[/<direction>] <uri>
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String value = line.substring(space + 1).trim();
            if (line.startsWith(RTCP_FB)) {
                features.addAll(Feature.ofRtcpFb(value.replaceAll(" +", " ")));
            } else if (line.startsWith(EXTMAP)) {
                String uri = value.split(" ")[0];
                int id = Integer.parseInt(line.substring(EXTMAP.length(), space).split("/")[0]);
                if (uri.equals(HeaderExtension.TRANSPORT_WIDE_CC) && transportSequenceId == 0) {
                    transportSequenceId = id;
                } else if (uri.equals(AbsSendTime.URI) && absSendTimeId == 0) {
                    absSendTimeId = id;
                } else if (uri.equals(AudioLevel.URI) && audioLevelId == 0) {
                    audioLevelId = id;
                } else if (uri.equals(DependencyDescriptorReader.URI) && dependencyDescriptorId == 0) {
                    dependencyDescriptorId = id;
                }
            }
        }
        if (transportSequenceId == 0) {
            // draft-holmer-rmcat-transport-wide-cc-extensions-01 §3: the feedback reports the sequence numbers.
            features.remove(Feature.TRANSPORT_CC);
        }
        if (absSendTimeId == 0) {
            // The node's REMB estimate is made from the publisher's send times.
            features.remove(Feature.REMB);
        }
        return new Negotiated(features, transportSequenceId, absSendTimeId, audioLevelId, dependencyDescriptorId);
    }
}
