package io.meridian.srtp;

/**
 * SSRC to crypto context, open addressing on primitive int keys: a lookup on the media path neither boxes the
 * SSRC nor allocates. Entries are only added, never removed; a leg carries a handful of SSRCs.
 */
final class SsrcTable<V> {
    private static final int INITIAL_CAPACITY = 16;

    private int[] keys = new int[INITIAL_CAPACITY];
    private Object[] values = new Object[INITIAL_CAPACITY];
    private int size;

    @SuppressWarnings("unchecked")
    V get(int ssrc) {
        int mask = keys.length - 1;
        for (int i = slot(ssrc, mask); ; i = (i + 1) & mask) {
            Object value = values[i];
            if (value == null || keys[i] == ssrc) {
                return (V) value;
            }
        }
    }

    void put(int ssrc, V value) {
        if (2 * (size + 1) > keys.length) {
            resize();
        }
        if (insert(keys, values, ssrc, value)) {
            size++;
        }
    }

    private void resize() {
        int[] newKeys = new int[keys.length * 2];
        Object[] newValues = new Object[values.length * 2];
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null) {
                insert(newKeys, newValues, keys[i], values[i]);
            }
        }
        keys = newKeys;
        values = newValues;
    }

    /** Returns whether a new entry was added (false if the key was replaced). */
    private static boolean insert(int[] keys, Object[] values, int ssrc, Object value) {
        int mask = keys.length - 1;
        for (int i = slot(ssrc, mask); ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = ssrc;
                values[i] = value;
                return true;
            }
            if (keys[i] == ssrc) {
                values[i] = value;
                return false;
            }
        }
    }

    /** SSRCs are random (RFC 3550 §8.1) but a multiplicative mix keeps crafted ones from clustering. */
    private static int slot(int ssrc, int mask) {
        int h = ssrc * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
