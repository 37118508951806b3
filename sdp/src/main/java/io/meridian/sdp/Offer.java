package io.meridian.sdp;

/** A server offer to send on the events socket as {@code {"type":"offer","revision":N,"sdp":"..."}}. */
public record Offer(int revision, String sdp) {
}
