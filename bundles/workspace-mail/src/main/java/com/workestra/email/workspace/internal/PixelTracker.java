package com.workestra.email.workspace.internal;

import com.workestra.email.api.Caller;
import com.workestra.email.api.OpenTracking;
import com.workestra.email.store.WorkspaceMailStore;
import com.workestra.email.store.WorkspaceMailStore.Pixel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Open tracking: each tracked recipient gets a pixel URL with 256 random bits; only their SHA-256 is stored, so the
 * table cannot be turned back into working URLs. An open counts at most once per pixel per minute, and never when the
 * request carries the bearer identity of the message's sender (the sender looking at their own sent copy in
 * Workestra). Mail clients send no identity, so a sender opening the copy in another client can still count: the
 * sending side keeps the pixel out of the sent copy it stores.
 */
final class PixelTracker implements OpenTracking {

    /** One open per pixel per this long. */
    static final Duration DEDUPE = Duration.ofMinutes(1);

    /** The 1x1 transparent GIF. */
    static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final WorkspaceMailStore store;
    private final String pixelBase;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param publicBaseUrl the public root of the REST API host, e.g. {@code https://workestra.example.com}
     */
    PixelTracker(WorkspaceMailStore store, String publicBaseUrl, Clock clock) {
        this.store = store;
        String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
        this.pixelBase = base + "/email/v1/t/o/";
        this.clock = clock;
    }

    @Override
    public String pixelUrl(String messageId, String recipient, String senderUserId) {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(recipient, "recipient");
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        store.registerPixel(new Pixel(hash(token), null, messageId, recipient, senderUserId, clock.instant()));
        return pixelBase + token + ".gif";
    }

    /**
     * Records an open of the pixel with this token.
     *
     * @param token the token from the URL (without {@code .gif})
     * @param viewer the signed-in user the request carries, if any
     * @return true when the open was counted
     */
    boolean open(String token, Optional<Caller> viewer) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return false;
        }
        String hash = hash(token);
        if (viewer.isPresent()) {
            Optional<Pixel> pixel = store.pixel(hash);
            if (pixel.isEmpty() || viewer.get().userId().equals(pixel.get().senderUserId())) {
                return false;
            }
        }
        return store.recordOpen(hash, clock.instant(), DEDUPE);
    }

    /** SHA-256 of a token, hex. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
