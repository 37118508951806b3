package io.meridian.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * An allocation-free receiver against jitsi-srtp's, for SRTP and SRTCP alike: a delivery schedule with the faults a
 * network and an attacker produce, and the same verdict (accepted, replayed, forged) and plaintext for every packet.
 */
final class VerdictComparison {
    /** Opens {@code packet[0, len)} in place, returning the plaintext length or a negative SrtpProtector code. */
    interface Receiver {
        int open(byte[] packet, int len) throws GeneralSecurityException;
    }

    /** How many delivered packets each receiver accepted, refused as replays and refused as forged. */
    record Counts(int accepted, int replayed, int forged) {
    }

    private VerdictComparison() {
    }

    /**
     * Mostly in order; some packets swapped with one a few places later, some lost, some delivered twice, some
     * replayed from far behind the window, some preceded by a copy with one bit of {@code [from, from+length)}
     * flipped. The first is intact.
     */
    static List<byte[]> schedule(List<byte[]> sent, Random random, int from, int length) {
        List<byte[]> order = new ArrayList<>(sent);
        for (int i = 1; i < order.size() - 8; i++) {
            if (random.nextInt(10) == 0) {
                int j = i + 1 + random.nextInt(7);
                byte[] t = order.get(i);
                order.set(i, order.get(j));
                order.set(j, t);
            }
        }
        List<byte[]> out = new ArrayList<>();
        out.add(order.get(0).clone());
        for (int i = 1; i < order.size(); i++) {
            int dice = random.nextInt(100);
            if (dice < 2) {
                continue;
            }
            if (dice < 4) {
                // A corrupted copy first (the original, behind it, must still be accepted).
                byte[] corrupt = order.get(i).clone();
                corrupt[from + random.nextInt(length)] ^= 0x10;
                out.add(corrupt);
            }
            out.add(order.get(i).clone());
            if (dice >= 4 && dice < 7) {
                out.add(order.get(i).clone());
            } else if (dice >= 7 && dice < 9) {
                out.add(order.get(Math.max(0, i - 64 - random.nextInt(200))).clone());
            }
        }
        return out;
    }

    /** Gives every packet to both receivers and asserts the same verdict and, for accepted ones, the same plaintext. */
    static Counts compare(List<byte[]> delivered, Receiver jitsi, Receiver ours) throws GeneralSecurityException {
        int accepted = 0;
        int replayed = 0;
        int forged = 0;
        for (byte[] packet : delivered) {
            byte[] theirs = packet.clone();
            int expected = jitsi.open(theirs, theirs.length);
            int actual = ours.open(packet, packet.length);
            assertEquals(expected, actual);
            if (expected >= 0) {
                assertArrayEquals(Arrays.copyOf(theirs, expected), Arrays.copyOf(packet, actual));
                accepted++;
            } else if (expected == SrtpProtector.REPLAYED) {
                replayed++;
            } else if (expected == SrtpProtector.AUTH_FAILED) {
                forged++;
            } else {
                throw new AssertionError("unexpected jitsi-srtp verdict " + expected);
            }
        }
        return new Counts(accepted, replayed, forged);
    }
}
