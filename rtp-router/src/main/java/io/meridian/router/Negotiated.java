package io.meridian.router;

import java.util.Set;

/**
 * What a participant's SDP negotiated that the media path acts on: the {@link Feature}s, and the header-extension
 * ids (per session, RFC 8285 §5) a feature reads in the participant's packets.
 *
 * @param transportSequenceId the id of the transport-wide sequence number extension in what the participant sends
 *                            (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2), 1-255; 0 when not negotiated,
 *                            and then {@link Feature#TRANSPORT_CC} cannot be: its feedback reports those numbers
 * @param absSendTimeId       the id of the abs-send-time extension, 0 when not negotiated, and then
 *                            {@link Feature#REMB} cannot be: the node's estimate for it needs the send times
 * @param audioLevelId        the id of the client-to-mixer audio level extension (RFC 6464) in the participant's
 *                            audio, 0 when not negotiated: what the dominant speaker is told by
 * @param dependencyDescriptorId the id of the AV1 RTP specification's Dependency Descriptor extension in the
 *                            participant's video, 0 when not negotiated: what an AV1 stream's layers are read from
 */
public record Negotiated(Set<Feature> features, int transportSequenceId, int absSendTimeId, int audioLevelId,
                         int dependencyDescriptorId) {
    public Negotiated {
        features = Set.copyOf(features);
        for (int id : new int[] {transportSequenceId, absSendTimeId, audioLevelId, dependencyDescriptorId}) {
            if (id < 0 || id > 255) {
                throw new IllegalArgumentException("extension id " + id + " (RFC 8285: 1-255)");
            }
        }
        if (features.contains(Feature.TRANSPORT_CC) && transportSequenceId == 0) {
            throw new IllegalArgumentException("transport-cc without the transport-wide sequence number extension");
        }
        if (features.contains(Feature.REMB) && absSendTimeId == 0) {
            throw new IllegalArgumentException("goog-remb without the abs-send-time extension");
        }
    }

    public Negotiated(Set<Feature> features, int transportSequenceId, int absSendTimeId, int audioLevelId) {
        this(features, transportSequenceId, absSendTimeId, audioLevelId, 0);
    }

    public Negotiated(Set<Feature> features, int transportSequenceId, int absSendTimeId) {
        this(features, transportSequenceId, absSendTimeId, 0);
    }

    public Negotiated(Set<Feature> features, int transportSequenceId) {
        this(features, transportSequenceId, 0);
    }

    /** Features that read no header extension. */
    public static Negotiated of(Set<Feature> features) {
        return new Negotiated(features, 0, 0);
    }
}
