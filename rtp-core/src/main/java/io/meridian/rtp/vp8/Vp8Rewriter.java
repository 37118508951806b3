package io.meridian.rtp.vp8;

import java.util.Arrays;

/**
 * One receiver's VP8 numbering (mediasoup's VP8 EncodingContext, LiveKit's VP8 codec munger): keeps PictureID,
 * TL0PICIDX and KEYIDX continuous for the receiver while the source behind its stream changes (a simulcast layer
 * switch), and drops the temporal layers above the receiver's target. The router's DownStream does the same for
 * SSRC, sequence number and timestamp; this class does it for the VP8 payload descriptor (RFC 7741 §4.2).
 * <p>
 * Each output is the source's value plus an offset: mod 2^15 for PictureID, 2^8 for TL0PICIDX, 2^5 for KEYIDX. A
 * new source starts at its key frame, which gets the receiver's last value plus one in all three (RFC 7741 §4.2:
 * PictureID and TL0PICIDX run on by one per picture and per base layer picture; KEYIDX by one per key frame), and
 * the offsets are set so its later packets continue from there. Packets of a source other than the current one are
 * dropped until one starts a key frame: a delta frame of another layer references pictures the receiver never got.
 * <p>
 * PictureID gaps: a picture dropped for its temporal layer takes no PictureID; the offset moves back by one, so the
 * receiver sees +1 per picture it gets (LiveKit's munger and mediasoup's PictureID SeqManager both close the gap). A
 * gap would not be harmless: libwebrtc's VP8 reference finder (rtp_vp8_ref_finder.cc) counts a skipped PictureID
 * as a frame not yet received and stashes every later non-sync frame above TID 0 whose reference lies before it,
 * until that frame comes (a dropped one never does) or ages out. TL0PICIDX needs no such care: it counts TID 0
 * pictures, which the filter never drops. A gap from real loss upstream is kept, so the receiver still learns of it.
 * <p>
 * The decision and PictureID of each recent picture are kept in a small table, so every packet of a picture,
 * whatever its order, gets the same ones, and a retransmission gets again what the first copy got ({@link
 * #rewriteAgain}). Without PictureIDs (I = 0) there is nothing to keep per picture: packets are filtered one by one
 * on their TID. Loop-confined, allocation-free after construction.
 */
public final class Vp8Rewriter {
    /** Recent pictures remembered, by PictureID mod this; about two seconds at 30 frames per second. */
    static final int PICTURES = 64;
    private static final int PICTURE_ID_MASK = 0x7FFF;
    private static final int TL0_MASK = 0xFF;
    private static final int KEY_IDX_MASK = 0x1F;
    /** {@link #pictureOut} of a picture dropped for its temporal layer. */
    private static final int DROPPED = -1;
    /** {@link #pictureOut} flag of a picture skipped by a PictureID gap: its number is kept should it come late. */
    private static final int LATE = 0x10000;

    private final TemporalLayerFilter layers = new TemporalLayerFilter();
    /** The source whose packets are forwarded, and whether there is one yet. */
    private int source;
    private boolean hasSource;

    private int pictureIdOffset;
    private int tl0Offset;
    private int keyIdxOffset;
    /** The receiver's last values, -1 while it has had none (a source need not carry every field). */
    private int lastPictureIdOut = -1;
    private int lastTl0Out = -1;
    private int lastKeyIdxOut = -1;

    /** The newest PictureID of the current source, -1 before its first. */
    private int newestPictureId = -1;
    /** Source PictureID in a slot (-1: empty) and what that picture became: its PictureID out, DROPPED, LATE | out. */
    private final int[] pictureIn = new int[PICTURES];
    private final int[] pictureOut = new int[PICTURES];

    public Vp8Rewriter() {
        Arrays.fill(pictureIn, -1);
    }

    /**
     * Decides whether the receiver gets the VP8 payload {@code b[off..off+len)} of {@code source} (any identity the
     * caller keeps per layer, e.g. its SSRC) while it wants temporal layers up to {@code targetTemporalLayer}, and
     * if so rewrites its descriptor in place. Returns false when it must not be sent: not a valid VP8 payload, a
     * packet of another source before that source's key frame, a temporal layer above the receiver's, a picture
     * already dropped, or one too late to number.
     */
    public boolean rewrite(int source, byte[] b, int off, int len, int targetTemporalLayer) {
        int descriptorLength = Vp8Descriptor.length(b, off, len);
        if (descriptorLength < 0) {
            return false;
        }
        boolean keyFrame = Vp8Descriptor.isKeyFrame(b, off, descriptorLength);
        if (!hasSource || source != this.source) {
            if (!keyFrame) {
                return false;
            }
            switchTo(source, b, off);
        }
        int tid = Vp8Descriptor.tid(b, off);
        if (!Vp8Descriptor.hasPictureId(b, off)) {
            if (!layers.accept(tid, Vp8Descriptor.layerSync(b, off), keyFrame, targetTemporalLayer)) {
                return false;
            }
            write(b, off, -1, 0);
            return true;
        }
        int pictureId = Vp8Descriptor.pictureId(b, off);
        int mask = pictureIdMask(b, off);
        int ahead = (pictureId - newestPictureId) & mask;
        if (keyFrame && newestPictureId >= 0 && ahead > mask / 2 && !remembered(pictureId)) {
            // A key frame numbered behind everything seen, not a late picture: the publisher started over (an
            // encoder restart picks a new PictureID, RFC 7741 §4.2). Continue from it as from a new source.
            switchTo(source, b, off);
        }
        int out;
        if (newestPictureId < 0 || ahead != 0 && ahead <= mask / 2) {
            out = newPicture(pictureId, ahead, mask, tid, b, off, keyFrame, targetTemporalLayer);
        } else {
            out = knownPicture(pictureId, tid);
        }
        if (out < 0) {
            return false;
        }
        write(b, off, out, mask);
        return true;
    }

    /**
     * Rewrites a retransmitted copy of a packet this stream forwarded before as it was rewritten the first time,
     * without moving the numbering on. Returns false when the receiver must not get it: another source's, a picture
     * dropped, or one older than this stream remembers.
     */
    public boolean rewriteAgain(int source, byte[] b, int off, int len) {
        if (Vp8Descriptor.length(b, off, len) < 0 || !hasSource || source != this.source) {
            return false;
        }
        if (!Vp8Descriptor.hasPictureId(b, off)) {
            write(b, off, -1, 0);
            return true;
        }
        int pictureId = Vp8Descriptor.pictureId(b, off);
        int slot = pictureId & (PICTURES - 1);
        if (!remembered(pictureId) || pictureOut[slot] < 0 || (pictureOut[slot] & LATE) != 0) {
            return false;
        }
        write(b, off, pictureOut[slot], pictureIdMask(b, off));
        return true;
    }

    /**
     * The PictureID field's range: 15 bits, or 7. The receiver's numbers are kept in the field's width, so a 7-bit
     * source's wrap from 127 to 0 is one step on for the receiver too.
     */
    private static int pictureIdMask(byte[] b, int off) {
        return Vp8Descriptor.pictureIdIs15Bit(b, off) ? PICTURE_ID_MASK : 0x7F;
    }

    /** The first packet of a picture newer than any before: numbers it, or drops it for its temporal layer. */
    private int newPicture(int pictureId, int ahead, int mask, int tid, byte[] b, int off, boolean keyFrame,
                           int target) {
        if (newestPictureId >= 0) {
            // Pictures skipped over were lost or reordered upstream: keep their numbers, in case they come late.
            for (int missed = Math.min(ahead, PICTURES) - 1; missed >= 1; missed--) {
                int id = (pictureId - missed) & mask;
                remember(id, LATE | (id + pictureIdOffset) & mask);
            }
        }
        newestPictureId = pictureId;
        if (!layers.accept(tid, Vp8Descriptor.layerSync(b, off), keyFrame, target)) {
            pictureIdOffset = (pictureIdOffset - 1) & PICTURE_ID_MASK;
            remember(pictureId, DROPPED);
            return -1;
        }
        int out = (pictureId + pictureIdOffset) & mask;
        remember(pictureId, out);
        return out;
    }

    /** A packet of a picture seen before (or skipped over): what the picture became, if it is still remembered. */
    private int knownPicture(int pictureId, int tid) {
        if (!remembered(pictureId)) {
            return -1;
        }
        int slot = pictureId & (PICTURES - 1);
        int out = pictureOut[slot];
        if (out >= 0 && (out & LATE) != 0) {
            // A late picture: its number was kept; its layer decides as for any picture, without moving the filter.
            out = TemporalLayerFilter.within(tid, layers.current()) ? out & ~LATE : DROPPED;
            pictureOut[slot] = out;
        }
        return out;
    }

    private boolean remembered(int pictureId) {
        return pictureIn[pictureId & (PICTURES - 1)] == pictureId;
    }

    private void remember(int pictureId, int out) {
        int slot = pictureId & (PICTURES - 1);
        pictureIn[slot] = pictureId;
        pictureOut[slot] = out;
    }

    /**
     * {@code source} begins with the key frame at {@code off}: its first values become the receiver's last plus one,
     * or stay as they are for the receiver's first source.
     */
    private void switchTo(int source, byte[] b, int off) {
        this.source = source;
        hasSource = true;
        pictureIdOffset = offset(lastPictureIdOut, Vp8Descriptor.pictureId(b, off), PICTURE_ID_MASK);
        tl0Offset = offset(lastTl0Out, Vp8Descriptor.tl0PicIdx(b, off), TL0_MASK);
        keyIdxOffset = offset(lastKeyIdxOut, Vp8Descriptor.keyIdx(b, off), KEY_IDX_MASK);
        newestPictureId = -1;
        Arrays.fill(pictureIn, -1);
        layers.reset();
    }

    private static int offset(int lastOut, int first, int mask) {
        return lastOut < 0 || first < 0 ? 0 : (lastOut + 1 - first) & mask;
    }

    /**
     * Writes the receiver's values into the descriptor and notes them; {@code pictureIdOut} is -1 when it has no
     * PictureID, else a value within {@code pictureIdMask}.
     */
    private void write(byte[] b, int off, int pictureIdOut, int pictureIdMask) {
        if (pictureIdOut >= 0) {
            Vp8Descriptor.setPictureId(b, off, pictureIdOut);
            lastPictureIdOut = newer(lastPictureIdOut, pictureIdOut, pictureIdMask);
        }
        int tl0 = Vp8Descriptor.tl0PicIdx(b, off);
        if (tl0 >= 0) {
            int out = (tl0 + tl0Offset) & TL0_MASK;
            Vp8Descriptor.setTl0PicIdx(b, off, out);
            lastTl0Out = newer(lastTl0Out, out, TL0_MASK);
        }
        int keyIdx = Vp8Descriptor.keyIdx(b, off);
        if (keyIdx >= 0) {
            int out = (keyIdx + keyIdxOffset) & KEY_IDX_MASK;
            Vp8Descriptor.setKeyIdx(b, off, out);
            lastKeyIdxOut = newer(lastKeyIdxOut, out, KEY_IDX_MASK);
        }
    }

    /** The newer of two values of a counter mod {@code mask + 1} (a late packet must not pull the last value back). */
    private static int newer(int last, int value, int mask) {
        if (last < 0) {
            return value;
        }
        int ahead = (value - last) & mask;
        return ahead <= mask / 2 ? value : last;
    }
}
