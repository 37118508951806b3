package io.meridian.api;

/**
 * Thrown by {@link ConferenceService#join} when the conference is pinned to another node of the cluster: the API
 * layer then forwards the request there ({@link ClusterForwarder}) instead of answering it here. Not an error a
 * client ever sees, so it carries no stack trace.
 */
public final class HostedElsewhereException extends RuntimeException {
    private final RemoteNode host;

    public HostedElsewhereException(RemoteNode host) {
        super("hosted by node " + host.nodeId(), null, false, false);
        this.host = host;
    }

    public RemoteNode host() {
        return host;
    }
}
