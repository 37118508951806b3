package io.meridian.server.session;

import io.meridian.srtp.CertificateFingerprint;
import io.meridian.srtp.DtlsListener;
import io.meridian.srtp.DtlsNodeContext;
import io.meridian.srtp.DtlsRole;
import io.meridian.srtp.DtlsServerSession;
import io.meridian.srtp.SrtpKeys;
import io.meridian.srtp.SrtpProtector;
import java.util.function.Consumer;

/** Starts a participant's DTLS server session and hands its SRTP keys to the router on the media loop. */
final class DtlsWiring {
    private DtlsWiring() {
    }

    static DtlsServerSession start(ParticipantSession participant, DtlsNodeContext context, String remoteFingerprint,
                                   Consumer<String> onFailure, NodeEvents events) {
        DtlsListener listener = new DtlsListener() {
            @Override
            public void onHandshakeComplete(SrtpKeys keys) {
                SrtpProtector srtp = new SrtpProtector(keys, DtlsRole.SERVER);
                participant.dtlsState = "connected";
                participant.dtlsConnectedNanos = participant.now();
                events.joinStage(NodeEvents.JoinStage.DTLS_CONNECTED,
                        (participant.dtlsConnectedNanos - participant.joinedNanos()) / 1e9);
                participant.srtpProfile = keys.profile().name();
                participant.home().eventLoop().execute(() -> {
                    if (participant.leg != null && !participant.closed) {
                        participant.conference.media.srtpReady(participant.leg, srtp);
                    } else {
                        srtp.close();
                    }
                });
            }

            @Override
            public void onHandshakeFailed(String reason, Throwable cause) {
                participant.dtlsState = "failed";
                onFailure.accept(reason);
            }
        };
        DtlsServerSession session = new DtlsServerSession(context,
                new CertificateFingerprint("sha-256", remoteFingerprint), participant::sendDtls, listener);
        participant.dtlsState = "connecting";
        session.start();
        return session;
    }
}
