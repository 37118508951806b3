package io.meridian.placement;

import java.util.List;
import java.util.Objects;

/**
 * One node as the cluster sees it: where its API and media are, how loaded it is, and whether it takes new
 * conferences.
 *
 * @param apiUrl         base URL other nodes and clients use for this node's API, e.g. {@code http://10.0.0.5:8080}
 * @param mediaAddresses the public addresses in this node's host candidates
 * @param load           participants hosted now (lower is preferred)
 * @param draining       a draining node gets no new conferences
 */
public record NodeInfo(String nodeId, String region, String apiUrl, List<String> mediaAddresses, int load,
                       boolean draining) {
    public NodeInfo {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(apiUrl, "apiUrl");
        mediaAddresses = List.copyOf(mediaAddresses);
    }
}
