package io.meridian.api;

import java.util.Objects;

/** Another node of the cluster, as a pin names it: its id and its API base URL (e.g. {@code http://10.0.0.5:8080}). */
public record RemoteNode(String nodeId, String apiUrl) {
    public RemoteNode {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(apiUrl, "apiUrl");
    }
}
