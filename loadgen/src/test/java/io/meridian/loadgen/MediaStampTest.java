package io.meridian.loadgen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaStampTest {
    @Test
    void readsBackWhatWasWrittenAtTheEndOfThePayload() {
        byte[] packet = new byte[12 + 100];
        long sent = 0x0123_4567_89AB_CDEFL;
        MediaStamp.write(packet, packet.length, 7, 70_000, sent);

        assertTrue(MediaStamp.present(packet, 12, packet.length));
        assertEquals(7, MediaStamp.streamId(packet, packet.length));
        assertEquals(70_000, MediaStamp.sequence(packet, packet.length));
        assertEquals(sent, MediaStamp.sendNanos(packet, packet.length));
    }

    @Test
    void aPayloadWithoutTheMarkerOrTooShortHasNoStamp() {
        assertFalse(MediaStamp.present(new byte[40], 12, 40));
        assertFalse(MediaStamp.present(new byte[20], 12, 20));
    }
}
