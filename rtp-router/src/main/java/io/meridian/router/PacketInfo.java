package io.meridian.router;

import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.svc.LayerInfo;
import io.netty.buffer.ByteBuf;

/**
 * One decrypted RTP packet on its way through a conference: a view over the datagram's bytes (read fields with
 * {@link io.meridian.rtp.RtpPacket} at {@link #offset()}) plus what the node learnt about it. One instance per
 * conference is reused for every packet (the conference's loop handles one packet at a time), so a stage must not
 * keep it, or the bytes, beyond its call.
 */
public final class PacketInfo {
    private ByteBuf buffer;
    private byte[] array;
    private int offset;
    private int length;
    private int wireLength;
    private int headerLength;
    private int transportSequenceAt;
    private boolean keyFrameStart;
    private int layers;
    private Leg from;
    private InboundStream stream;
    private long arrivalNanos;
    private boolean newest;
    private DropReason dropReason;

    void reset(Leg from, byte[] array, int offset, int length, int wireLength, long arrivalNanos) {
        this.from = from;
        this.wireLength = wireLength;
        this.array = array;
        this.offset = offset;
        this.length = length;
        this.arrivalNanos = arrivalNanos;
        this.headerLength = -1;
        this.transportSequenceAt = -1;
        this.keyFrameStart = false;
        this.layers = LayerInfo.NONE;
        this.stream = null;
        this.newest = false;
        this.dropReason = null;
    }

    /** Marks the packet dropped for {@code reason} (counted once by the chain); returns false for a stage to return. */
    public boolean drop(DropReason reason) {
        dropReason = reason;
        return false;
    }

    /** Marks the packet dropped without counting it (it was expected: e.g. a codec this receiver did not take). */
    public boolean skip() {
        dropReason = null;
        return false;
    }

    public byte[] array() {
        return array;
    }

    public int offset() {
        return offset;
    }

    /** Length of the plaintext RTP packet (header and payload). */
    public int length() {
        return length;
    }

    /** The packet's length after a stage changed it in place (e.g. took an RTX header off). */
    public void length(int length) {
        this.length = length;
    }

    /** Length of the datagram as it arrived (SRTP, with its auth tag). */
    public int wireLength() {
        return wireLength;
    }

    /** Length of the header including CSRCs and extensions; -1 until the header check stage has run. */
    public int headerLength() {
        return headerLength;
    }

    public void headerLength(int headerLength) {
        this.headerLength = headerLength;
    }

    /**
     * Where in {@link #array()} the data of the packet's transport-wide sequence number element lies, as received,
     * -1 when unknown: found once on the way in, so that numbering each receiver's copy need not look again.
     */
    public int transportSequenceAt() {
        return transportSequenceAt;
    }

    public void transportSequenceAt(int at) {
        this.transportSequenceAt = at;
    }

    /** A publisher's RTX turned back into a packet of {@code primary} (RFC 4588): that stream's from now on. */
    public void repairedAs(InboundStream primary) {
        this.stream = primary;
        this.newest = primary.advance(RtpPacket.sequence(array, offset));
    }

    /** Whether the packet was, on arrival, the furthest its stream had gone ({@link InboundStream#advance}). */
    public boolean newest() {
        return newest;
    }

    void newest(boolean newest) {
        this.newest = newest;
    }

    /** Whether the packet starts a key frame of a simulcast layer (set on fan-out; false for other streams). */
    public boolean keyFrameStart() {
        return keyFrameStart;
    }

    void keyFrameStart(boolean keyFrameStart) {
        this.keyFrameStart = keyFrameStart;
    }

    /** The packet's scalable layers ({@link LayerInfo}), read on fan-out for a VP9 or AV1 stream; NONE otherwise. */
    public int layers() {
        return layers;
    }

    void layers(int layers) {
        this.layers = layers;
    }

    /** The pooled buffer holding the packet (the pipeline releases it; retain it to keep the bytes longer). */
    ByteBuf buffer() {
        return buffer;
    }

    void buffer(ByteBuf buffer) {
        this.buffer = buffer;
    }

    public Leg from() {
        return from;
    }

    /** The published stream this packet belongs to; null until the stream lookup stage has run. */
    public InboundStream stream() {
        return stream;
    }

    public void stream(InboundStream stream) {
        this.stream = stream;
    }

    public long arrivalNanos() {
        return arrivalNanos;
    }

    DropReason dropReason() {
        return dropReason;
    }

    void clearDrop() {
        dropReason = null;
    }
}
