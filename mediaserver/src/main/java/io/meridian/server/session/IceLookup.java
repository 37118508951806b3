package io.meridian.server.session;

import io.meridian.server.ice.IceCredentialLookup;
import io.meridian.server.ice.IceCredentials;

/** The participant an ICE check names by the node's ufrag, for the ICE-lite responder (any media loop). */
final class IceLookup implements IceCredentialLookup {
    private final HostedConferences hosted;

    IceLookup(HostedConferences hosted) {
        this.hosted = hosted;
    }

    @Override
    public IceCredentials find(String localUfrag) {
        ParticipantSession p = hosted.byUfrag.get(localUfrag);
        return p == null ? null : new IceCredentials(p.localIce.ufrag(), p.localIce.pwd(),
                p.negotiation.remoteIce().ufrag(), p);
    }
}
