package io.meridian.server.node;

import io.meridian.rtp.Bytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Hostile datagrams for the media port: seeded random bytes and every truncation of a valid datagram. */
final class MalformedDatagrams {
    private MalformedDatagrams() {
    }

    /** {@code count} datagrams of 0 to 1400 random bytes; a quarter start with each RFC 7983 range's first byte. */
    static List<byte[]> random(Random random, int count) {
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] d = new byte[random.nextInt(1401)];
            random.nextBytes(d);
            if (d.length > 0) {
                switch (i % 4) {
                    case 0 -> d[0] = (byte) random.nextInt(4);             // STUN
                    case 1 -> d[0] = (byte) (20 + random.nextInt(44));     // DTLS
                    case 2 -> d[0] = (byte) (128 + random.nextInt(64));    // RTP/RTCP
                    default -> { }                                         // anything
                }
            }
            out.add(d);
        }
        return out;
    }

    /** Every proper prefix of {@code valid}, from empty to one byte short. */
    static List<byte[]> truncations(byte[] valid) {
        List<byte[]> out = new ArrayList<>(valid.length);
        for (int len = 0; len < valid.length; len++) {
            out.add(Arrays.copyOf(valid, len));
        }
        return out;
    }

    /**
     * A DTLS 1.2 record carrying a ClientHello (RFC 6347 §4.1, §4.2.2) with a random, an empty cookie, one ECDHE
     * suite and the use_srtp extension: the shape the node sees first from a real client.
     */
    static byte[] clientHelloLike(Random random) {
        byte[] body = new byte[2 + 32 + 1 + 1 + 4 + 2 + 4 + 9];
        int p = 0;
        Bytes.put16(body, p, 0xFEFD);                          // client_version DTLS 1.2
        p += 2;
        byte[] rand = new byte[32];
        random.nextBytes(rand);
        System.arraycopy(rand, 0, body, p, 32);
        p += 32;
        body[p++] = 0;                                         // session_id length
        body[p++] = 0;                                         // cookie length
        Bytes.put16(body, p, 2);                               // cipher_suites length
        Bytes.put16(body, p + 2, 0xC02B);                      // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        p += 4;
        body[p++] = 1;                                         // compression_methods length
        body[p++] = 0;                                         // null
        Bytes.put16(body, p, 11);                              // extensions length
        p += 2;
        Bytes.put16(body, p, 0x000E);                          // use_srtp (RFC 5764 §4.1.1)
        Bytes.put16(body, p + 2, 7);
        Bytes.put16(body, p + 4, 4);
        Bytes.put16(body, p + 6, 0x0007);
        Bytes.put16(body, p + 8, 0x0001);
        body[p + 10] = 0;                                      // srtp_mki length
        p += 11;
        body = Arrays.copyOf(body, p);
        byte[] record = new byte[13 + 12 + body.length];
        record[0] = 22;                                        // handshake
        Bytes.put16(record, 1, 0xFEFF);                        // record version as clients send it first
        Bytes.put16(record, 11, 12 + body.length);             // epoch 0, sequence 0, length
        record[13] = 1;                                        // client_hello
        Bytes.put24(record, 14, body.length);
        Bytes.put24(record, 22, body.length);                  // message_seq 0, fragment_offset 0, fragment_length
        System.arraycopy(body, 0, record, 25, body.length);
        return record;
    }
}
