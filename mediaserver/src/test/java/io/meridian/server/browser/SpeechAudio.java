package io.meridian.server.browser;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A WAV file for Chromium's fake microphone ({@code --use-file-for-fake-audio-capture}) that the node's speaker
 * detector takes for speech: noise in syllable-long bursts (about four a second, as speech comes) over a faint
 * noise floor, never digital silence (a detector learns each speaker's floor from its quiet moments). Chromium's own
 * fake microphone beeps once a second between stretches of nothing.
 */
final class SpeechAudio {
    private static final int RATE = 48_000;
    private static final int SECONDS = 4;

    private SpeechAudio() {
    }

    /** Writes the file (removed when the JVM exits) and returns its path. */
    static Path write() throws IOException {
        Path file = Files.createTempFile("meridian-speech-", ".wav");
        file.toFile().deleteOnExit();
        int samples = RATE * SECONDS;
        ByteBuffer wav = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE)
                .putInt(2 * RATE).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes()).putInt(2 * samples);
        Random random = new Random(11);
        for (int i = 0; i < samples; i++) {
            double syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * i / RATE)); // bursts at 4 Hz, pauses between
            double amplitude = 0.002 + 0.4 * syllable;
            wav.putShort((short) (random.nextGaussian() * amplitude * Short.MAX_VALUE / 3));
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(wav.array());
        }
        return file;
    }
}
