package io.meridian.server.browser;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A short Y4M video of random noise for Chromium's fake camera ({@code --use-file-for-fake-video-capture}, looped):
 * unlike the built-in test pattern, noise does not compress, so the encoder sends as much as it is allowed.
 */
final class NoiseVideo {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int FRAMES = 30;

    private NoiseVideo() {
    }

    /** Writes the video to a temporary file (removed when the JVM exits) and returns its path. */
    static Path write() throws IOException {
        Path file = Files.createTempFile("meridian-noise-", ".y4m");
        file.toFile().deleteOnExit();
        Random random = new Random(7);
        byte[] frame = new byte[WIDTH * HEIGHT * 3 / 2]; // 4:2:0, one luma and two quarter-size chroma planes
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F15:1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < FRAMES; i++) {
                random.nextBytes(frame);
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(frame);
            }
        }
        return file;
    }
}
