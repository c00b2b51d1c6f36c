package com.workestra.email.outbound.internal;

import com.workestra.email.api.MessageSending.LinkRef;
import com.workestra.email.api.MessageSending.SendRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 of a send request in a canonical form: tells a replay of a request from a different one with the same key. */
final class RequestHash {

    private RequestHash() {
    }

    static String of(SendRequest r) {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        field(d, r.from() == null ? null : r.from().type());
        field(d, r.from() == null ? null : r.from().connectionId());
        list(d, r.to());
        list(d, r.cc());
        list(d, r.bcc());
        field(d, r.subject());
        field(d, r.html());
        field(d, r.text());
        field(d, r.replyToMessageId());
        field(d, r.signatureId());
        field(d, String.valueOf(Boolean.TRUE.equals(r.trackOpens())));
        field(d, r.sendAt() == null ? null : r.sendAt().toString());
        List<LinkRef> links = r.links() == null ? List.of() : r.links();
        field(d, String.valueOf(links.size()));
        for (LinkRef l : links) {
            field(d, l == null ? null : l.module());
            field(d, l == null ? null : l.objectType());
            field(d, l == null ? null : l.objectId());
        }
        if (r.forwardMessageId() != null) {
            // only when present: the hashes of requests stored before forwards existed stay the same
            field(d, "forwardMessageId");
            field(d, r.forwardMessageId());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static void list(MessageDigest d, List<String> values) {
        List<String> v = values == null ? List.of() : values;
        field(d, String.valueOf(v.size()));
        v.forEach(x -> field(d, x));
    }

    /** Length-prefixed, so no two different field sequences hash the same input. */
    private static void field(MessageDigest d, String value) {
        if (value == null) {
            d.update((byte) 0);
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        d.update((byte) 1);
        d.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        d.update((byte) ':');
        d.update(b);
    }
}
