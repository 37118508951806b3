package io.meridian.server.api;

import io.meridian.client.PeerSdp;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;

/**
 * Two participants of a conference of their own on the node under test, sending each other media: what a client
 * going over a limit elsewhere on the node must never cost (issue 17, "Limits with clear errors").
 */
final class OtherConference {
    static final String ID = "bystanders";

    private final TestPeer ann;
    private final TestPeer ben;
    private int sequence = 1;

    private OtherConference(TestPeer ann, TestPeer ben) {
        this.ann = ann;
        this.ben = ben;
    }

    /** Joins two peers (closed with the node) and waits until ann's video reaches ben. */
    static OtherConference join(SecuredNode node) {
        TestPeer ann = node.join(ID, "ann");
        TestPeer ben = node.join(ID, "ben");
        ben.awaitAnsweredOfferWith(ann);
        OtherConference other = new OtherConference(ann, ben);
        other.assertMediaFlows();
        return other;
    }

    /** ann sends video until ben has decrypted a packet more than he had: their call goes on. */
    void assertMediaFlows() {
        long video = ann.identity().videoSsrc();
        int before = ben.received().rtp(video).size();
        Poll.until("ben still gets ann's video in conference " + ID, () -> {
            ann.sendRtp(video, sequence++ & 0xFFFF, PeerSdp.VP8_PT, "media");
            return ben.received().rtp(video).size() > before ? null
                    : "received " + before + " before; problems " + ben.signallingProblems();
        });
    }
}
