package io.meridian.sdp;

import java.util.List;

/**
 * One m-line of a participant's session, in the order JSEP fixes for good (RFC 8829 §5.2.2: m-lines are never
 * removed or reordered). Client-owned slots come from the client's offers; server-owned slots carry other
 * participants' tracks. Either side may send on either kind: Chromium's addTrack reuses a transceiver created by a
 * server offer (WebRTC 1.0 §5.1 addTrack step 7), which turns a server-owned m-line sendrecv.
 */
final class MediaSlot {
    final String mid;
    final String kind;
    final boolean serverOwned;
    /** Protocol and formats written when the m-line is rejected; a port-0 m-line keeps what it was offered with. */
    String proto = OfferedMedia.PROFILE;
    List<String> rejectedFormats;
    boolean rejected;
    /** The client has seen this m-line (in its own offer or in a server offer). */
    boolean offered;
    List<Codec> codecs = List.of();
    List<HeaderExtension> extensions = List.of();
    boolean rtcpRsize;
    /** The client's track on this m-line, or null. */
    PublishedTrack published;
    /** The track the server wants to send on this m-line (server-owned only), or null for inactive. */
    RemoteTrack sending;
    /** What the last description the client saw said the server sends here. */
    RemoteTrack lastOfferedSending;

    MediaSlot(String mid, String kind, boolean serverOwned) {
        this.mid = mid;
        this.kind = kind;
        this.serverOwned = serverOwned;
    }

    boolean pending() {
        return !offered || sending != lastOfferedSending;
    }

    /** An inactive server m-line the client already knows, free to carry a new track of the same kind. */
    boolean reusableFor(String trackKind) {
        return serverOwned && offered && !rejected && kind.equals(trackKind) && sending == null
                && lastOfferedSending == null && published == null;
    }

    void sendTrack(RemoteTrack track) {
        sending = track;
        if (published == null && serverOwned) { // a client's m-line keeps the codecs it offered
            codecs = track.receiverCodecs();
            extensions = track.receiverExtensions();
        }
    }
}
