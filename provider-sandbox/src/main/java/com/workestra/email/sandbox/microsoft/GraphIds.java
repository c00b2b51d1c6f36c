package com.workestra.email.sandbox.microsoft;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/** Deterministic Graph-looking identifiers derived from sandbox state (user ids, folder ids, etags). */
final class GraphIds {

    /** The one tenant every sandbox account lives in. */
    static final String TENANT_ID = UUID.nameUUIDFromBytes("workestra-sandbox-tenant".getBytes(StandardCharsets.UTF_8))
            .toString();

    private GraphIds() {
    }

    static String userId(String address) {
        return UUID.nameUUIDFromBytes(("outlook-user:" + address.toLowerCase(Locale.ROOT))
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String folderId(String address, MailBackend.Folder folder) {
        return "AQMkA" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                (address.toLowerCase(Locale.ROOT) + ":" + folder.wellKnown).getBytes(StandardCharsets.UTF_8));
    }

    /** Resolves a folder segment: a well-known name (any case) or one of our folder ids; null when unknown. */
    static MailBackend.Folder folder(String address, String segment) {
        for (MailBackend.Folder f : MailBackend.Folder.values()) {
            if (f.wellKnown.equalsIgnoreCase(segment) || folderId(address, f).equals(segment)) {
                return f;
            }
        }
        return null;
    }

    static String changeKey(MailBackend.Mail m) {
        return "CQAAABYAAA" + hash(m.id() + ":" + m.read(), 12);
    }

    static String conversationId(String address, String root) {
        return "AAQkA" + hash(address.toLowerCase(Locale.ROOT) + ":" + root, 24);
    }

    static String hash(String s, int chars) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, chars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
