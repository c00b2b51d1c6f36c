package com.workestra.email.sandbox.google;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.workestra.email.sandbox.Http;
import com.workestra.email.sandbox.mail.Rfc822;
import com.workestra.email.sandbox.mail.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Renders stored messages as Gmail API {@code Message} resources (minimal, raw, metadata, full). */
final class GmailFormat {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder();

    private GmailFormat() {
    }

    /** {@code {id, threadId}} as messages.list returns them. */
    static ObjectNode ref(StoredMessage m) {
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("id", m.id());
        n.put("threadId", m.threadId());
        return n;
    }

    /** {@code {id, threadId, labelIds}} as history and modify return them. */
    static ObjectNode withLabels(String id, String threadId, List<String> labels) {
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("id", id);
        n.put("threadId", threadId);
        ArrayNode l = n.putArray("labelIds");
        labels.forEach(l::add);
        return n;
    }

    static ObjectNode message(StoredMessage m, String format, List<String> metadataHeaders) {
        String f = format == null ? "full" : format;
        ObjectNode n = withLabels(m.id(), m.threadId(), m.labels());
        byte[] raw = m.raw();
        MimePart root = f.equals("minimal") ? null : MimePart.parse(raw);
        if (root != null) {
            n.put("snippet", snippet(root));
        }
        n.put("sizeEstimate", raw.length);
        n.put("historyId", String.valueOf(m.historyId()));
        n.put("internalDate", String.valueOf(m.receivedMillis()));
        switch (f) {
            case "raw" -> n.put("raw", B64URL.encodeToString(raw));
            case "metadata" -> {
                ObjectNode p = n.putObject("payload");
                p.put("mimeType", root.mimeType);
                headers(p, root, metadataHeaders);
            }
            case "full" -> n.set("payload", part(m, root, true));
            default -> {
            }
        }
        return n;
    }

    private static ObjectNode part(StoredMessage m, MimePart p, boolean top) {
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("partId", p.partId);
        n.put("mimeType", p.mimeType);
        n.put("filename", p.filename);
        headers(n, p, List.of());
        ObjectNode body = n.putObject("body");
        if (p.multipart()) {
            body.put("size", 0);
            ArrayNode parts = n.putArray("parts");
            p.parts.forEach(c -> parts.add(part(m, c, false)));
        } else {
            byte[] data = p.decodedBody();
            if (p.attachment()) {
                body.put("attachmentId", attachmentId(m, p.partId));
                body.put("size", data.length);
            } else {
                body.put("size", data.length);
                if (data.length > 0) {
                    body.put("data", B64URL.encodeToString(data));
                }
            }
        }
        return n;
    }

    private static void headers(ObjectNode n, MimePart p, List<String> only) {
        ArrayNode hs = n.putArray("headers");
        for (String[] h : p.headers.fields()) {
            if (only.isEmpty() || only.stream().anyMatch(x -> x.equalsIgnoreCase(h[0]))) {
                ObjectNode o = hs.addObject();
                o.put("name", h[0]);
                o.put("value", Rfc822.decode(h[1]));
            }
        }
    }

    static String attachmentId(StoredMessage m, String partId) {
        return "ANGjdJ" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((m.id() + ":" + partId).getBytes(StandardCharsets.US_ASCII));
    }

    /** The part id an attachment id names for this message, or null. */
    static String partOf(StoredMessage m, String attachmentId) {
        if (attachmentId == null || !attachmentId.startsWith("ANGjdJ")) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(attachmentId.substring(6)),
                    StandardCharsets.US_ASCII);
            return s.startsWith(m.id() + ":") ? s.substring(m.id().length() + 1) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String snippet(MimePart root) {
        MimePart t = root.firstOf("text/plain");
        String s;
        if (t != null) {
            s = t.text();
        } else {
            MimePart h = root.firstOf("text/html");
            s = h == null ? "" : h.text().replaceAll("<[^>]*>", " ");
        }
        s = s.replaceAll("\\s+", " ").trim();
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
