package com.workestra.email.sandbox.google;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.workestra.email.sandbox.Http;
import com.workestra.email.sandbox.mail.Change;
import com.workestra.email.sandbox.mail.ChangeKind;
import com.workestra.email.sandbox.mail.Labels;
import com.workestra.email.sandbox.mail.Mailbox;
import com.workestra.email.sandbox.mail.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** messages.list (q, labelIds, paging) and history.list. */
final class GmailQueries {

    /** Gmail reads yyyy/mm/dd dates as midnight Pacific time. */
    private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("yyyy/M/d");
    private static final DateTimeFormatter DASHED = DateTimeFormatter.ofPattern("yyyy-M-d");

    private GmailQueries() {
    }

    static ApiResponse list(Mailbox box, ApiRequest req) {
        int max = clamp(req.param("maxResults"), 100, 500);
        Predicate<StoredMessage> filter = filter(box, req.param("q"), req.params("labelIds"),
                Boolean.parseBoolean(req.param("includeSpamTrash")));
        int before = Integer.MAX_VALUE;
        String token = req.param("pageToken");
        if (token != null && !token.isEmpty()) {
            before = decodeToken(token);
            if (before < 0) {
                return GoogleErrors.badRequest("Invalid pageToken");
            }
        }
        List<StoredMessage> page = box.newestFirst(before, max + 1, filter);
        ObjectNode out = Http.JSON.createObjectNode();
        if (!page.isEmpty()) {
            ArrayNode msgs = out.putArray("messages");
            page.stream().limit(max).forEach(m -> msgs.add(GmailFormat.ref(m)));
        }
        if (page.size() > max) {
            out.put("nextPageToken", encodeToken(page.get(max - 1).sequence()));
        }
        out.put("resultSizeEstimate", box.count(filter));
        return ApiResponse.json(200, out);
    }

    static Predicate<StoredMessage> filter(Mailbox box, String q, List<String> labelIds, boolean spamTrash) {
        Predicate<StoredMessage> p = m -> true;
        if (!spamTrash) {
            p = m -> !m.labels().contains(Labels.TRASH) && !m.labels().contains(Labels.SPAM);
        }
        for (String l : labelIds) {
            p = p.and(m -> m.labels().contains(l));
        }
        if (q == null || q.isBlank()) {
            return p;
        }
        for (String term : q.trim().split("\\s+")) {
            String t = term.toLowerCase(Locale.ROOT);
            int colon = t.indexOf(':');
            String key = colon < 0 ? t : t.substring(0, colon);
            String val = colon < 0 ? "" : t.substring(colon + 1);
            switch (key) {
                case "after" -> {
                    long at = instant(val);
                    p = p.and(m -> m.receivedMillis() > at);
                }
                case "before" -> {
                    long at = instant(val);
                    p = p.and(m -> m.receivedMillis() < at);
                }
                case "newer_than" -> {
                    long at = Instant.now().toEpochMilli() - relative(val);
                    p = p.and(m -> m.receivedMillis() > at);
                }
                case "older_than" -> {
                    long at = Instant.now().toEpochMilli() - relative(val);
                    p = p.and(m -> m.receivedMillis() < at);
                }
                case "is" -> {
                    switch (val) {
                        case "unread" -> p = p.and(m -> !m.read());
                        case "read" -> p = p.and(StoredMessage::read);
                        case "starred" -> p = p.and(m -> m.labels().contains(Labels.STARRED));
                        case "important" -> p = p.and(m -> m.labels().contains(Labels.IMPORTANT));
                        default -> p = p.and(m -> false);
                    }
                }
                case "in", "label" -> {
                    String label = labelId(box, val);
                    p = p.and(m -> m.labels().contains(label));
                }
                default -> throw new IllegalArgumentException("Unsupported search term: " + term);
            }
        }
        return p;
    }

    private static String labelId(Mailbox box, String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (Labels.SYSTEM.contains(upper)) {
            return upper;
        }
        for (var e : box.userLabels().entrySet()) {
            if (e.getValue().equalsIgnoreCase(name) || e.getKey().equalsIgnoreCase(name)) {
                return e.getKey();
            }
        }
        return name;
    }

    /** after:/before: values: epoch seconds or yyyy/mm/dd (midnight Pacific). */
    static long instant(String v) {
        if (v.matches("\\d{9,}")) {
            return Long.parseLong(v) * 1000L;
        }
        try {
            LocalDate d = v.contains("/") ? LocalDate.parse(v, SLASHED) : LocalDate.parse(v, DASHED);
            return d.atStartOfDay(PACIFIC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Invalid date in query: " + v);
        }
    }

    private static long relative(String v) {
        if (!v.matches("\\d+[dmy]")) {
            throw new IllegalArgumentException("Invalid relative date: " + v);
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        long day = 86_400_000L;
        return switch (v.charAt(v.length() - 1)) {
            case 'd' -> n * day;
            case 'm' -> n * 30 * day;
            default -> n * 365 * day;
        };
    }

    static ApiResponse history(Mailbox box, ApiRequest req) {
        String start = req.param("startHistoryId");
        if (start == null || !start.matches("\\d+")) {
            return GoogleErrors.badRequest(start == null ? "Missing startHistoryId" : "Invalid startHistoryId");
        }
        long cursor = Long.parseLong(start);
        String token = req.param("pageToken");
        if (token != null && !token.isEmpty()) {
            long t = decodeHistoryToken(token);
            if (t < 0) {
                return GoogleErrors.badRequest("Invalid pageToken");
            }
            cursor = Math.max(cursor, t);
        }
        List<Change> changes = box.changesSince(cursor);
        if (changes == null) {
            return GoogleErrors.notFound();
        }
        int max = clamp(req.param("maxResults"), 100, 500);
        List<String> types = req.params("historyTypes");
        String labelId = req.param("labelId");
        ObjectNode out = Http.JSON.createObjectNode();
        ArrayNode history = Http.JSON.createArrayNode();
        long last = cursor;
        boolean more = false;
        for (Change c : changes) {
            if (history.size() >= max) {
                more = true;
                break;
            }
            last = c.sequence();
            if (labelId != null && !c.labels().contains(labelId) && !c.labelsAdded().contains(labelId)
                    && !c.labelsRemoved().contains(labelId)) {
                continue;
            }
            ObjectNode rec = record(c, types);
            if (rec != null) {
                history.add(rec);
            }
        }
        if (!history.isEmpty()) {
            out.set("history", history);
        }
        if (more) {
            out.put("nextPageToken", encodeHistoryToken(last));
        }
        out.put("historyId", String.valueOf(box.historyId()));
        return ApiResponse.json(200, out);
    }

    private static ObjectNode record(Change c, List<String> types) {
        ObjectNode rec = Http.JSON.createObjectNode();
        rec.put("id", String.valueOf(c.sequence()));
        ObjectNode msg = GmailFormat.withLabels(c.messageId(), c.threadId(), c.labels());
        boolean any = false;
        if (c.kind() == ChangeKind.ADDED && wants(types, "messageAdded")) {
            rec.putArray("messagesAdded").addObject().set("message", msg);
            any = true;
        }
        if (c.kind() == ChangeKind.DELETED && wants(types, "messageDeleted")) {
            rec.putArray("messagesDeleted").addObject().set("message", msg);
            any = true;
        }
        if (c.kind() == ChangeKind.UPDATED && !c.labelsAdded().isEmpty() && wants(types, "labelAdded")) {
            ObjectNode e = rec.putArray("labelsAdded").addObject();
            e.set("message", msg);
            c.labelsAdded().forEach(e.putArray("labelIds")::add);
            any = true;
        }
        if (c.kind() == ChangeKind.UPDATED && !c.labelsRemoved().isEmpty() && wants(types, "labelRemoved")) {
            ObjectNode e = rec.putArray("labelsRemoved").addObject();
            e.set("message", msg);
            c.labelsRemoved().forEach(e.putArray("labelIds")::add);
            any = true;
        }
        if (!any) {
            return null;
        }
        rec.putArray("messages").addObject().put("id", c.messageId()).put("threadId", c.threadId());
        return rec;
    }

    private static boolean wants(List<String> types, String type) {
        return types.isEmpty() || types.stream().anyMatch(t -> t.equalsIgnoreCase(type));
    }

    static int clamp(String v, int dflt, int max) {
        if (v == null || !v.matches("\\d+")) {
            return dflt;
        }
        int n = Integer.parseInt(v);
        return n <= 0 ? dflt : Math.min(n, max);
    }

    static String encodeToken(int seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("m" + seq).getBytes(StandardCharsets.UTF_8));
    }

    static int decodeToken(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (s.startsWith("m") && s.substring(1).matches("\\d{1,10}")) {
                return Integer.parseInt(s.substring(1));
            }
        } catch (IllegalArgumentException e) {
            return -1;
        }
        return -1;
    }

    private static String encodeHistoryToken(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("h" + seq).getBytes(StandardCharsets.UTF_8));
    }

    private static long decodeHistoryToken(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            return s.startsWith("h") && s.substring(1).matches("\\d{1,18}") ? Long.parseLong(s.substring(1)) : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
