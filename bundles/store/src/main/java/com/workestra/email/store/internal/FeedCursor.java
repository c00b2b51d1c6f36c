package com.workestra.email.store.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Opaque keyset position in the feed: the (time, id) of the last item shown. The next page holds only items strictly
 * older in (time desc, id desc) order, so items added meanwhile never shift a page (no gap, no duplicate).
 */
record FeedCursor(Instant at, String id) {

    String encode() {
        String raw = at.getEpochSecond() + "." + at.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor; IllegalArgumentException when it was not made by {@link #encode}. */
    static FeedCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\.", 3);
            String id = parts[2];
            if (id.isEmpty() || id.length() > 36) {
                throw new IllegalArgumentException("bad id");
            }
            return new FeedCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), id);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The cursor is not one this server handed out.", e);
        }
    }
}
