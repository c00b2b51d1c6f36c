package com.workestra.email.sandbox.resend;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates a send-email body the way Resend does and turns it into {@link Parsed}. */
final class EmailParser {

    /** The validated fields of one email. */
    record Parsed(String from, List<String> to, List<String> cc, List<String> bcc, List<String> replyTo,
            String subject, String html, String text, Map<String, String> headers,
            List<StoredEmail.AttachmentInfo> attachments, Map<String, String> tags, String scheduledAt,
            Instant scheduledFor, String templateId) {
    }

    static final int MAX_RECIPIENTS = 50;

    private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>\",;]+@[^\\s@<>\",;]+\\.[^\\s@<>\",;.]+");
    private static final Pattern NAMED = Pattern.compile("^\\s*(\"[^\"]*\"|[^<>\"]*)\\s*<\\s*([^<>]+?)\\s*>\\s*$");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern RELATIVE = Pattern.compile(
            "in\\s+(\\d+)\\s+(second|minute|min|hour|day)s?", Pattern.CASE_INSENSITIVE);
    private static final String FORMAT_HINT = " The email address needs to follow the `email@example.com` or "
            + "`Name <email@example.com>` format.";

    private EmailParser() {
    }

    static Parsed parse(JsonNode body, boolean batch, Instant now) {
        if (body == null || !body.isObject()) {
            throw ResendError.validation("The request body must be a JSON object.");
        }
        String from = text(body, "from");
        if (from == null || from.isBlank()) {
            throw ResendError.validation("Missing `from` field.");
        }
        if (!validAddress(from)) {
            throw ResendError.validation("Invalid `from` field." + FORMAT_HINT);
        }
        List<String> to = addresses(body, "to");
        if (to.isEmpty()) {
            throw ResendError.validation("Missing `to` field.");
        }
        if (to.size() > MAX_RECIPIENTS) {
            throw ResendError.validation("Too many recipients in `to`. The maximum is " + MAX_RECIPIENTS + ".");
        }
        String subject = text(body, "subject");
        if (subject == null) {
            throw ResendError.validation("Missing `subject` field.");
        }
        String html = text(body, "html");
        String text = text(body, "text");
        JsonNode template = body.get("template");
        String templateId = template != null && template.hasNonNull("id") ? template.get("id").asText() : null;
        if (html == null && text == null && templateId == null && !body.hasNonNull("react")) {
            throw ResendError.validation("Missing `html` or `text` field.");
        }
        List<StoredEmail.AttachmentInfo> attachments = attachments(body.get("attachments"));
        String scheduledAt = text(body, "scheduled_at");
        if (batch && !attachments.isEmpty()) {
            throw ResendError.validation("`attachments` field is not supported in batch sending.");
        }
        if (batch && scheduledAt != null) {
            throw ResendError.validation("`scheduled_at` field is not supported in batch sending.");
        }
        Instant scheduledFor = scheduledAt == null ? null : scheduleTime(scheduledAt, now);
        return new Parsed(from, to, addresses(body, "cc"), addresses(body, "bcc"), addresses(body, "reply_to"),
                subject, html, text, headers(body.get("headers")), attachments, tags(body.get("tags")),
                scheduledAt, scheduledFor, templateId);
    }

    static boolean validAddress(String value) {
        Matcher named = NAMED.matcher(value);
        String addr = named.matches() ? named.group(2) : value.trim();
        return ADDRESS.matcher(addr).matches();
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ResendError.validation("Invalid `" + field + "` field. Expected a string.");
        }
        return n.asText();
    }

    private static List<String> addresses(JsonNode body, String field) {
        JsonNode n = body.get(field);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            n.forEach(e -> out.add(e.isTextual() ? e.asText() : e.toString()));
        } else {
            throw ResendError.validation("Invalid `" + field + "` field. Expected a string or an array of strings.");
        }
        for (String a : out) {
            if (!validAddress(a)) {
                throw ResendError.validation("Invalid `" + field + "` field." + FORMAT_HINT);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, String> headers(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw ResendError.validation("Invalid `headers` field. Expected an object.");
        }
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return Collections.unmodifiableMap(out);
    }

    private static List<StoredEmail.AttachmentInfo> attachments(JsonNode n) {
        List<StoredEmail.AttachmentInfo> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw ResendError.validation("Invalid `attachments` field. Expected an array.");
        }
        for (JsonNode a : n) {
            String content = a.hasNonNull("content") ? a.get("content").asText() : null;
            String path = a.hasNonNull("path") ? a.get("path").asText() : null;
            if (content == null && path == null) {
                throw new ResendError(422, "invalid_attachment", "Attachment must have either a `content` or `path`.");
            }
            Integer size = null;
            if (content != null) {
                try {
                    size = Base64.getMimeDecoder().decode(content).length;
                } catch (IllegalArgumentException e) {
                    throw new ResendError(422, "invalid_attachment", "Attachment `content` must be base64 encoded.");
                }
            }
            String name = a.hasNonNull("filename") ? a.get("filename").asText() : null;
            String type = a.hasNonNull("content_type") ? a.get("content_type").asText() : null;
            out.add(new StoredEmail.AttachmentInfo(name, size, type, path));
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, String> tags(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw ResendError.validation("Invalid `tags` field. Expected an array.");
        }
        for (JsonNode t : n) {
            String name = t.path("name").asText("");
            String value = t.path("value").asText("");
            if (!TAG.matcher(name).matches() || !value.isEmpty() && !TAG.matcher(value).matches()) {
                throw ResendError.validation("Tags should only contain ASCII letters, numbers, underscores, or dashes.");
            }
            out.put(name, value);
        }
        return Collections.unmodifiableMap(out);
    }

    private static Instant scheduleTime(String value, Instant now) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            Matcher m = RELATIVE.matcher(value.trim());
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                Duration unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "second" -> Duration.ofSeconds(1);
                    case "minute", "min" -> Duration.ofMinutes(1);
                    case "hour" -> Duration.ofHours(1);
                    default -> Duration.ofDays(1);
                };
                return now.plus(unit.multipliedBy(amount));
            }
            throw ResendError.validation("Invalid `scheduled_at` field. Use an ISO 8601 date or natural language"
                    + " such as `in 1 min`.");
        }
    }
}
