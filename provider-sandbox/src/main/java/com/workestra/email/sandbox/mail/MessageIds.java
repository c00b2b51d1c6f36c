package com.workestra.email.sandbox.mail;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Opaque, stable message ids: a keyed 4-round Feistel permutation of the message's per-account sequence number,
 * shown as 16 hex digits like Gmail's. Decodable, so a million messages need no id → message map.
 */
final class MessageIds {

    private final long key;

    MessageIds(String address, long seed) {
        long h = 0xcbf29ce484222325L;
        for (byte b : address.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001b3L;
        }
        this.key = mix(h ^ seed);
    }

    String id(int seq) {
        String hex = Long.toHexString(encrypt(seq));
        return "0".repeat(16 - hex.length()) + hex;
    }

    /** The sequence number of an id, or -1 when it is not one of this account's ids. */
    int seq(String id) {
        if (id == null || id.length() != 16) {
            return -1;
        }
        long v;
        try {
            v = Long.parseUnsignedLong(id, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
        long s = decrypt(v);
        return s >= 0 && s <= Integer.MAX_VALUE ? (int) s : -1;
    }

    /** A stable 64-bit hash of (account, n, salt) for deterministic derived choices. */
    long hash(long n, long salt) {
        return mix(key ^ mix(n * 0x9E3779B97F4A7C15L + salt));
    }

    private long encrypt(long v) {
        int l = (int) (v >>> 32);
        int r = (int) v;
        for (int round = 0; round < 4; round++) {
            int t = l ^ f(r, round);
            l = r;
            r = t;
        }
        return ((long) l << 32) | (r & 0xFFFFFFFFL);
    }

    private long decrypt(long v) {
        int l = (int) (v >>> 32);
        int r = (int) v;
        for (int round = 3; round >= 0; round--) {
            int t = r ^ f(l, round);
            r = l;
            l = t;
        }
        return ((long) l << 32) | (r & 0xFFFFFFFFL);
    }

    private int f(int half, int round) {
        return (int) mix((half & 0xFFFFFFFFL) ^ key ^ ((long) round << 40));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
