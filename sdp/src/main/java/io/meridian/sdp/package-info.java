/**
 * SDP offer/answer for the Meridian SFU: parses browser offers, writes ICE-lite answers and the server's
 * renegotiation offers, and tells the router how to relabel forwarded packets per receiver.
 *
 * <ul>
 *   <li>{@link io.meridian.sdp.SessionDescription}, {@link io.meridian.sdp.MediaDescription},
 *       {@link io.meridian.sdp.Attribute}: a generic, line-preserving SDP model (RFC 8866).</li>
 *   <li>{@link io.meridian.sdp.ClientOffer}: a client offer checked against what the SFU requires (BUNDLE with
 *       rtcp-mux, ICE credentials, sha-256 fingerprint, actpass) and analysed per m-line.</li>
 *   <li>{@link io.meridian.sdp.ParticipantNegotiation}: one participant's offer/answer state machine (RFC 8829):
 *       join answer, server offers adding other participants' tracks, client re-offers, revisions and the
 *       offer-collision rule.</li>
 *   <li>{@link io.meridian.sdp.TrackMapping}: per receiver and forwarded track, the payload type and header
 *       extension id maps; the SFU never rewrites SSRCs or sequence numbers.</li>
 * </ul>
 */
package io.meridian.sdp;
