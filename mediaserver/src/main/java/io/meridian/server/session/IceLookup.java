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
        if (p == null) {
            return null;
        }
        ParticipantSession.IcePair ice = p.ice;
        // A check with the credentials an ICE restart just replaced names no session any more.
        return ice.local().ufrag().equals(localUfrag)
                ? new IceCredentials(ice.local().ufrag(), ice.local().pwd(), ice.remote().ufrag(), p) : null;
    }
}
