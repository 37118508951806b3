package io.meridian.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * jitsi-srtp's packet interface over a caller's array, re-pointed for every packet so the media loop allocates
 * nothing. It cannot grow: callers check the tail room first, so {@link #grow} and {@link #append} only ever
 * write within the array.
 */
final class PacketBufferView implements ByteArrayBuffer {
    private byte[] buffer;
    private int offset;
    private int length;

    PacketBufferView wrap(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Drops the reference to the caller's array so a pooled buffer is not kept reachable. */
    void release() {
        buffer = null;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        if (length < 0 || offset + length > buffer.length) {
            throw new IllegalArgumentException("length " + length + " outside the buffer");
        }
        this.length = length;
    }

    /** Only cryptex (RFC 9335) moves the offset, and Meridian does not negotiate it. */
    @Override
    public void setOffset(int offset) {
        throw new UnsupportedOperationException("SRTP never moves the packet start here");
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuf) {
        System.arraycopy(buffer, offset + off, outBuf, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch > buffer.length) {
            throw new IllegalStateException("no tail room for " + howMuch + " bytes");
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len < 0 || len > length) {
            throw new IllegalArgumentException("cannot shrink " + length + " bytes by " + len);
        }
        length -= len;
    }
}
