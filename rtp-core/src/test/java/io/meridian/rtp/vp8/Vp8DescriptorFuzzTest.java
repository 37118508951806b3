package io.meridian.rtp.vp8;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meridian.rtp.testing.FuzzFrames;
import io.meridian.rtp.testing.GuardBytes;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target: the VP8 payload descriptor (RFC 7741 §4.2) and one receiver's {@link Vp8Rewriter} over a stream of
 * payloads from two sources (a simulcast switch). Each input is a sequence of frames (see {@link FuzzFrames}), each a
 * control byte (bit 0: the source; bits 1-2: the receiver's target temporal layer; bit 3: a retransmission) and the
 * payload. The descriptor's accessors read only what {@link Vp8Descriptor#length} vouched for, its setters change
 * only their field, and the rewriter changes nothing but PictureID, TL0PICIDX and KEYIDX of what it forwards, and
 * gives a retransmission what the first copy got.
 */
class Vp8DescriptorFuzzTest {

    @FuzzTest
    void descriptorAndRewriter(byte[] data) {
        Vp8Rewriter rewriter = new Vp8Rewriter();
        for (byte[] frame : FuzzFrames.split(data)) {
            if (frame.length == 0) {
                continue;
            }
            int control = frame[0];
            byte[] payload = Arrays.copyOfRange(frame, 1, frame.length);
            Object[] fields = GuardBytes.sameEverywhere(payload, Vp8DescriptorFuzzTest::fields);
            int length = (int) fields[0];
            if (length >= 0) {
                byte[] changedPayload = payload.clone();
                for (int i = length; i < changedPayload.length; i++) {
                    changedPayload[i] ^= (byte) 0xFF;
                }
                assertArrayEquals(descriptor(fields), descriptor(fields(changedPayload, 0, changedPayload.length)),
                        "the descriptor's fields depend on bytes after it");
                setters(payload, fields);
            }
            forward(rewriter, control, payload, length);
        }
    }

    /** Every field, checked to be in its range; the last two read the VP8 payload header after the descriptor. */
    private static Object[] fields(byte[] b, int off, int len) {
        int length = Vp8Descriptor.length(b, off, len);
        if (length < 0) {
            return new Object[] {length};
        }
        assertTrue(length >= 1 && length <= Vp8Descriptor.MAX_LENGTH && length < len, "descriptor of " + length);
        int pictureId = Vp8Descriptor.pictureId(b, off);
        int tl0 = Vp8Descriptor.tl0PicIdx(b, off);
        int tid = Vp8Descriptor.tid(b, off);
        int keyIdx = Vp8Descriptor.keyIdx(b, off);
        int height = Vp8Descriptor.keyFrameHeight(b, off, len, length);
        assertTrue(pictureId >= -1 && pictureId <= 0x7FFF && tl0 >= -1 && tl0 <= 0xFF && tid >= 0 && tid <= 3
                && keyIdx >= -1 && keyIdx <= 0x1F && height >= -1 && height <= 0x3FFF, "a field out of its range");
        boolean keyFrame = Vp8Descriptor.isKeyFrame(b, off, length);
        assertTrue(height < 0 || keyFrame, "a key frame height of a packet that starts no key frame");
        return new Object[] {length, Vp8Descriptor.hasExtension(b, off), Vp8Descriptor.nonReference(b, off),
                Vp8Descriptor.startOfPartition(b, off), Vp8Descriptor.partitionIndex(b, off),
                Vp8Descriptor.isStartOfFrame(b, off), pictureId, Vp8Descriptor.hasPictureId(b, off)
                && Vp8Descriptor.pictureIdIs15Bit(b, off), tl0, tid, Vp8Descriptor.layerSync(b, off), keyIdx,
                Vp8Descriptor.hasKeyIdx(b, off), keyFrame, height};
    }

    /** The fields the descriptor alone gives (without the key frame flag and height). */
    private static Object[] descriptor(Object[] fields) {
        return Arrays.copyOf(fields, fields.length - 2);
    }

    /** Each setter writes its field in the width it has and leaves every other field, and the payload, as it was. */
    private static void setters(byte[] payload, Object[] before) {
        String written = GuardBytes.sameEverywhere(payload, (b, off, len) -> {
            Vp8Descriptor.setPictureId(b, off, 0x5A5A);
            Vp8Descriptor.setTl0PicIdx(b, off, 0x1A5);
            Vp8Descriptor.setKeyIdx(b, off, 0x35);
            return GuardBytes.hex(b, off, len);
        });
        byte[] b = java.util.HexFormat.of().parseHex(written);
        Object[] after = fields(b, 0, b.length);
        int length = (int) before[0];
        assertArrayEquals(Arrays.copyOfRange(payload, length, payload.length), Arrays.copyOfRange(b, length, b.length),
                "the payload after the descriptor is unchanged");
        Object[] expected = before.clone();
        boolean has15Bits = (boolean) before[7];
        expected[6] = (int) before[6] < 0 ? -1 : has15Bits ? 0x5A5A : 0x5A;
        expected[8] = (int) before[8] < 0 ? -1 : 0xA5;
        expected[11] = (int) before[11] < 0 ? -1 : 0x15;
        assertArrayEquals(descriptor(expected), descriptor(after), "the setters changed only their fields");
    }

    /**
     * Forwards one payload through the receiver's rewriter: refused, it is unchanged; forwarded, only its numbering
     * changed, and a retransmission of it right after is rewritten the same.
     */
    private static void forward(Vp8Rewriter rewriter, int control, byte[] payload, int length) {
        int source = control & 1;
        int target = (control >> 1) & 3;
        boolean retransmission = (control & 8) != 0;
        byte[] out = payload.clone();
        boolean sent = retransmission ? rewriter.rewriteAgain(source, out, 0, out.length)
                : rewriter.rewrite(source, out, 0, out.length, target);
        if (!sent) {
            assertArrayEquals(payload, out, "a packet not forwarded is left as it was");
            return;
        }
        assertTrue(length >= 0, "an invalid payload was forwarded");
        assertArrayEquals(numberingCleared(payload), numberingCleared(out), "forwarding changed more than numbering");
        byte[] again = payload.clone();
        assertTrue(rewriter.rewriteAgain(source, again, 0, again.length), "a retransmission of what was just sent");
        assertArrayEquals(out, again, "a retransmission gets what the first copy got");
    }

    private static byte[] numberingCleared(byte[] payload) {
        byte[] b = payload.clone();
        Vp8Descriptor.setPictureId(b, 0, 0);
        Vp8Descriptor.setTl0PicIdx(b, 0, 0);
        Vp8Descriptor.setKeyIdx(b, 0, 0);
        return b;
    }
}
