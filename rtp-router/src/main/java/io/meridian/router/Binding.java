package io.meridian.router;

/**
 * How one publisher SSRC is delivered to one receiver: the receiver's payload-type and header-extension numbers for
 * the same codecs and extensions, which may differ from the publisher's (RFC 8829 §5.3.1 lets each side choose).
 */
final class Binding {
    final InboundStream source;
    final Leg receiver;
    /** Publisher payload type (0..127) -> receiver payload type; negative entries mean "not negotiated: drop". */
    final byte[] payloadTypes;
    /** Publisher extension id -> receiver id (RFC 8285), 0 = strip. */
    final byte[] extensionIds;

    Binding(InboundStream source, Leg receiver, byte[] payloadTypes, byte[] extensionIds) {
        this.source = source;
        this.receiver = receiver;
        this.payloadTypes = payloadTypes;
        this.extensionIds = extensionIds;
    }
}
