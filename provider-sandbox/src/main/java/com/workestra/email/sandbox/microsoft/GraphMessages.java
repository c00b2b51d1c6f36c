package com.workestra.email.sandbox.microsoft;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Renders stored messages as Graph's message and attachment resources. */
final class GraphMessages {

    /** Properties returned when no $select is given (Graph's default projection, minus rarely used ones). */
    private static final List<String> DEFAULT = List.of("createdDateTime", "lastModifiedDateTime", "changeKey",
            "categories", "receivedDateTime", "sentDateTime", "hasAttachments", "internetMessageId", "subject",
            "bodyPreview", "importance", "parentFolderId", "conversationId", "isDeliveryReceiptRequested",
            "isReadReceiptRequested", "isRead", "isDraft", "webLink", "inferenceClassification", "body", "sender",
            "from", "toRecipients", "ccRecipients", "bccRecipients", "replyTo", "flag");

    private GraphMessages() {
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * The message resource. {@code select} null means the default projection; {@code textBody} follows
     * {@code Prefer: outlook.body-content-type="text"}.
     */
    static Map<String, Object> render(String address, MailBackend.Mail m, Set<String> select, boolean textBody) {
        // parsed only when a selected property needs the message content (a delta of ids and flags does not)
        MimeView[] parsed = new MimeView[1];
        java.util.function.Supplier<MimeView> v = () -> parsed[0] != null ? parsed[0]
                : (parsed[0] = MimeView.parse(m.raw()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("@odata.type", "#microsoft.graph.message");
        out.put("@odata.etag", "W/\"" + GraphIds.changeKey(m) + "\"");
        out.put("id", m.id());
        List<String> props = select == null ? DEFAULT : new ArrayList<>(select);
        for (String p : props) {
            Object value = property(address, m, v, p, textBody);
            if (value != NONE) {
                out.put(p, value);
            }
        }
        return out;
    }

    private static final Object NONE = new Object();

    private static Object property(String address, MailBackend.Mail m, java.util.function.Supplier<MimeView> mime, String p, boolean textBody) {
        switch (p) {
            case "id":
                return NONE;
            case "createdDateTime":
            case "receivedDateTime":
            case "lastModifiedDateTime":
                return time(m.received());
            case "sentDateTime":
                return time(sent(mime.get(), m.received()));
            case "changeKey":
                return GraphIds.changeKey(m);
            case "categories":
                return List.of();
            case "hasAttachments":
                return mime.get().attachments.stream().anyMatch(a -> !a.inline());
            case "internetMessageId":
                return mime.get().header("Message-ID");
            case "subject":
                return mime.get().header("Subject") == null ? "" : mime.get().header("Subject");
            case "bodyPreview":
                return preview(mime.get());
            case "importance":
                return importance(mime.get());
            case "parentFolderId":
                return GraphIds.folderId(address, m.folder());
            case "conversationId":
                return GraphIds.conversationId(address, m.threadId() != null ? m.threadId() : threadRoot(mime.get()));
            case "isDeliveryReceiptRequested":
            case "isDraft":
                return false;
            case "isReadReceiptRequested":
                return mime.get().header("Disposition-Notification-To") != null;
            case "isRead":
                return m.read();
            case "webLink":
                return "https://outlook.office365.com/owa/?ItemID=" + m.id() + "&exvsurl=1&viewmodel=ReadMessageItem";
            case "inferenceClassification":
                return "focused";
            case "body":
                return body(mime.get(), textBody);
            case "uniqueBody":
                return body(mime.get(), textBody);
            case "sender":
            case "from":
                List<MimeView.Address> from = mime.get().addresses(p.equals("sender") && mime.get().header("Sender") != null
                        ? "Sender" : "From");
                return from.isEmpty() ? null : recipient(from.get(0));
            case "toRecipients":
                return recipients(mime.get().addresses("To"));
            case "ccRecipients":
                return recipients(mime.get().addresses("Cc"));
            case "bccRecipients":
                return recipients(mime.get().addresses("Bcc"));
            case "replyTo":
                return recipients(mime.get().addresses("Reply-To"));
            case "flag":
                return Map.of("flagStatus", "notFlagged");
            case "internetMessageHeaders":
                List<Map<String, String>> hs = new ArrayList<>();
                for (MimeView.Header h : mime.get().headers) {
                    hs.add(Map.of("name", h.name(), "value", MimeView.decodeWords(h.value())));
                }
                return hs;
            default:
                return NONE;
        }
    }

    static Instant sent(MimeView v, Instant fallback) {
        String date = v.header("Date");
        if (date != null) {
            try {
                return ZonedDateTime.parse(date.replaceAll("\\s*\\(.*\\)$", "").trim(),
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (RuntimeException e) {
                // an unparsable Date header: Exchange falls back to the receive time as well
            }
        }
        return fallback;
    }

    static String threadRoot(MimeView v) {
        String refs = v.header("References");
        if (refs != null && refs.contains("<")) {
            return refs.substring(refs.indexOf('<'), refs.indexOf('>', refs.indexOf('<')) + 1);
        }
        String irt = v.header("In-Reply-To");
        if (irt != null && !irt.isBlank()) {
            return irt.trim();
        }
        String id = v.header("Message-ID");
        return id == null ? "" : id;
    }

    private static String importance(MimeView v) {
        String imp = v.header("Importance");
        if (imp != null) {
            return imp.toLowerCase(Locale.ROOT);
        }
        String prio = v.header("X-Priority");
        if (prio != null && prio.trim().startsWith("1")) {
            return "high";
        }
        return "normal";
    }

    private static Map<String, Object> body(MimeView v, boolean textBody) {
        Map<String, Object> b = new LinkedHashMap<>();
        if (v.html != null && !textBody) {
            b.put("contentType", "html");
            b.put("content", v.html);
        } else {
            b.put("contentType", "text");
            b.put("content", v.text != null ? v.text : v.html != null ? stripTags(v.html) : "");
        }
        return b;
    }

    private static String preview(MimeView v) {
        String t = v.text != null ? v.text : v.html != null ? stripTags(v.html) : "";
        t = t.replaceAll("\\s+", " ").trim();
        return t.length() > 255 ? t.substring(0, 255) : t;
    }

    static String stripTags(String html) {
        return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]+>", " ")
                .replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    }

    private static List<Map<String, Object>> recipients(List<MimeView.Address> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MimeView.Address a : list) {
            out.add(recipient(a));
        }
        return out;
    }

    private static Map<String, Object> recipient(MimeView.Address a) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", a.name() != null ? a.name() : a.address());
        e.put("address", a.address());
        return Map.of("emailAddress", e);
    }

    /** The attachment resources of a message; {@code withContent} adds contentBytes. */
    static List<Map<String, Object>> attachments(MailBackend.Mail m, boolean withContent) {
        MimeView v = MimeView.parse(m.raw());
        List<Map<String, Object>> out = new ArrayList<>();
        int i = 0;
        for (MimeView.Attachment a : v.attachments) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("@odata.type", "#microsoft.graph.fileAttachment");
            r.put("@odata.mediaContentType", a.contentType());
            r.put("id", attachmentId(m, i++));
            r.put("lastModifiedDateTime", time(m.received()));
            r.put("name", a.name());
            r.put("contentType", a.contentType());
            r.put("size", a.content().length);
            r.put("isInline", a.inline());
            r.put("contentId", a.contentId());
            r.put("contentLocation", null);
            if (withContent) {
                r.put("contentBytes", Base64.getEncoder().encodeToString(a.content()));
            }
            out.add(r);
        }
        return out;
    }

    static String attachmentId(MailBackend.Mail m, int index) {
        return "AAMkA" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((m.id() + "#" + index).getBytes(StandardCharsets.UTF_8));
    }
}
