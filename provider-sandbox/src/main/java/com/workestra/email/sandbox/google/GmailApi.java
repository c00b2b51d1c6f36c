package com.workestra.email.sandbox.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.workestra.email.sandbox.Http;
import com.workestra.email.sandbox.Provider;
import com.workestra.email.sandbox.SandboxServer;
import com.workestra.email.sandbox.Stats;
import com.workestra.email.sandbox.mail.Labels;
import com.workestra.email.sandbox.mail.Mailbox;
import com.workestra.email.sandbox.mail.SentRecord;
import com.workestra.email.sandbox.mail.StoredMessage;
import com.workestra.email.sandbox.oauth.TokenInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gmail API v1 ({@code /gmail/v1/users/{userId}/...} below {@code /google}): bearer auth, per-user quota units,
 * then the method. Works on {@link ApiRequest}s so batch parts run through exactly the same path.
 */
final class GmailApi {

    static final String USERS = "/gmail/v1/users/";

    private final SandboxServer server;
    private final GmailQuota quota = new GmailQuota();
    private final GmailUploads uploads;

    GmailApi(SandboxServer server) {
        this.server = server;
        this.uploads = new GmailUploads(this);
    }

    /** The authenticated mailbox of a request plus the method it calls. */
    record Call(Mailbox box, String method) {
    }

    /** Serves one API request (not upload); never throws for bad input. */
    ApiResponse serve(ApiRequest req) {
        if (!req.path().startsWith(USERS)) {
            return GoogleErrors.notFound();
        }
        String[] seg = req.path().substring(USERS.length()).split("/");
        String method = operation(req.method(), seg);
        if (method == null) {
            return GoogleErrors.notFound();
        }
        Object auth = authorize(req, seg[0], method);
        if (auth instanceof ApiResponse refused) {
            return refused;
        }
        Mailbox box = (Mailbox) auth;
        try {
            return dispatch(box, method, seg, req);
        } catch (IllegalArgumentException e) {
            return GoogleErrors.badRequest(e.getMessage());
        } catch (IOException e) {
            return GoogleErrors.badRequest("Invalid JSON payload received. " + e.getMessage());
        }
    }

    /** Serves {@code /upload/gmail/v1/users/{u}/messages/send}. */
    ApiResponse serveUpload(ApiRequest req, String baseUrl) {
        String rest = req.path().substring("/upload".length());
        if (!rest.startsWith(USERS)) {
            return GoogleErrors.notFound();
        }
        String[] seg = rest.substring(USERS.length()).split("/");
        if (seg.length != 3 || !seg[1].equals("messages") || !seg[2].equals("send")) {
            return GoogleErrors.notFound();
        }
        boolean continuation = req.param("upload_id") != null;
        Object auth = continuation ? uploads.owner(req.param("upload_id"))
                : authorize(req, seg[0], "messages.send");
        if (auth == null) {
            return GoogleErrors.notFound();
        }
        if (auth instanceof ApiResponse refused) {
            return refused;
        }
        try {
            return uploads.handle((Mailbox) auth, req, baseUrl);
        } catch (IllegalArgumentException e) {
            return GoogleErrors.badRequest(e.getMessage());
        } catch (IOException e) {
            return GoogleErrors.badRequest("Invalid upload: " + e.getMessage());
        }
    }

    /** Checks token, user id and quota; returns the mailbox or the error answer. */
    private Object authorize(ApiRequest req, String userId, String method) {
        String auth = req.header("authorization");
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
        TokenInfo info = server.tokens().validate(Provider.GMAIL, token);
        if (info == null) {
            return GoogleErrors.unauthenticated();
        }
        Mailbox box = server.mail().mailbox(Provider.GMAIL, info.address());
        if (box == null) {
            return GoogleErrors.error(400, "Mail service not enabled", "global", "failedPrecondition");
        }
        if (!userId.equals("me") && !userId.equalsIgnoreCase(box.address())) {
            return GoogleErrors.forbidden("Delegation denied for " + box.address());
        }
        server.stats().count("gmail", method);
        int cost = GmailQuota.cost(method);
        if (server.settings().quotas() && !quota.tryCharge(box.address(), cost)) {
            server.stats().count("gmail", Stats.THROTTLED);
            return GoogleErrors.rateLimited(Instant.now().plusSeconds(1).toString());
        }
        server.stats().quota("gmail", box.address(), cost);
        return box;
    }

    static String operation(String http, String[] s) {
        if (s.length < 2) {
            return null;
        }
        boolean get = http.equals("GET");
        boolean post = http.equals("POST");
        return switch (s[1]) {
            case "profile" -> s.length == 2 && get ? "users.getProfile" : null;
            case "watch" -> s.length == 2 && post ? "users.watch" : null;
            case "stop" -> s.length == 2 && post ? "users.stop" : null;
            case "history" -> s.length == 2 && get ? "history.list" : null;
            case "labels" -> s.length == 2 ? (get ? "labels.list" : post ? "labels.create" : null)
                    : s.length == 3 && get ? "labels.get" : null;
            case "threads" -> s.length == 3 && get ? "threads.get" : null;
            case "messages" -> messageOperation(http, s);
            default -> null;
        };
    }

    private static String messageOperation(String http, String[] s) {
        if (s.length == 2) {
            return http.equals("GET") ? "messages.list" : null;
        }
        if (s.length == 3) {
            return switch (http) {
                case "POST" -> s[2].equals("send") ? "messages.send"
                        : s[2].equals("batchModify") ? "messages.batchModify" : null;
                case "GET" -> "messages.get";
                case "DELETE" -> "messages.delete";
                default -> null;
            };
        }
        if (s.length == 4 && http.equals("POST")) {
            return switch (s[3]) {
                case "modify" -> "messages.modify";
                case "trash" -> "messages.trash";
                case "untrash" -> "messages.untrash";
                default -> null;
            };
        }
        if (s.length == 5 && s[3].equals("attachments") && http.equals("GET")) {
            return "messages.attachments.get";
        }
        return null;
    }

    private ApiResponse dispatch(Mailbox box, String method, String[] s, ApiRequest req) throws IOException {
        switch (method) {
            case "users.getProfile" -> {
                ObjectNode p = Http.JSON.createObjectNode();
                p.put("emailAddress", box.address());
                p.put("messagesTotal", box.messageCount());
                p.put("threadsTotal", box.threadCount());
                p.put("historyId", String.valueOf(box.historyId()));
                return ApiResponse.json(200, p);
            }
            case "users.watch" -> {
                ObjectNode w = Http.JSON.createObjectNode();
                w.put("historyId", String.valueOf(box.historyId()));
                w.put("expiration", String.valueOf(Instant.now().plusSeconds(7 * 86_400L).toEpochMilli()));
                return ApiResponse.json(200, w);
            }
            case "users.stop" -> {
                return ApiResponse.empty(204);
            }
            case "labels.list" -> {
                return labels(box);
            }
            case "labels.get" -> {
                return label(box, s[2]);
            }
            case "labels.create" -> {
                String name = json(req).path("name").asText("");
                if (name.isBlank()) {
                    return GoogleErrors.badRequest("Invalid label name");
                }
                return label(box, box.userLabel(name));
            }
            case "history.list" -> {
                return GmailQueries.history(box, req);
            }
            case "messages.list" -> {
                return GmailQueries.list(box, req);
            }
            case "messages.get" -> {
                StoredMessage m = box.message(s[2]);
                if (m == null) {
                    return GoogleErrors.notFound();
                }
                String format = req.param("format");
                if (format != null && !List.of("minimal", "full", "raw", "metadata").contains(format)) {
                    return GoogleErrors.badRequest("Invalid format: " + format);
                }
                return ApiResponse.json(200, GmailFormat.message(m, format, req.params("metadataHeaders")));
            }
            case "messages.attachments.get" -> {
                return attachment(box, s[2], s[4]);
            }
            case "messages.modify" -> {
                JsonNode b = json(req);
                List<String> add = strings(b.path("addLabelIds"));
                List<String> remove = strings(b.path("removeLabelIds"));
                ApiResponse invalid = checkLabels(box, add, remove);
                if (invalid != null) {
                    return invalid;
                }
                StoredMessage m = box.modify(s[2], add, remove);
                return m == null ? GoogleErrors.notFound()
                        : ApiResponse.json(200, GmailFormat.withLabels(m.id(), m.threadId(), m.labels()));
            }
            case "messages.trash", "messages.untrash" -> {
                boolean trash = method.equals("messages.trash");
                StoredMessage m = trash ? box.modify(s[2], List.of(Labels.TRASH), List.of(Labels.INBOX))
                        : box.modify(s[2], List.of(), List.of(Labels.TRASH));
                return m == null ? GoogleErrors.notFound()
                        : ApiResponse.json(200, GmailFormat.withLabels(m.id(), m.threadId(), m.labels()));
            }
            case "messages.delete" -> {
                return box.delete(s[2]) ? ApiResponse.empty(204) : GoogleErrors.notFound();
            }
            case "messages.batchModify" -> {
                JsonNode b = json(req);
                List<String> ids = strings(b.path("ids"));
                if (ids.isEmpty() || ids.size() > 1000) {
                    return GoogleErrors.badRequest("ids must hold 1 to 1000 message ids");
                }
                List<String> add = strings(b.path("addLabelIds"));
                List<String> remove = strings(b.path("removeLabelIds"));
                ApiResponse invalid = checkLabels(box, add, remove);
                if (invalid != null) {
                    return invalid;
                }
                ids.forEach(id -> box.modify(id, add, remove));
                return ApiResponse.empty(204);
            }
            case "messages.send" -> {
                JsonNode b = json(req);
                String raw = b.path("raw").asText("");
                if (raw.isEmpty()) {
                    return GoogleErrors.badRequest("'raw' RFC822 payload message string or uploading message via "
                            + "/upload/* URL required");
                }
                return send(box, decodeRaw(raw), b.path("threadId").asText(null));
            }
            case "threads.get" -> {
                List<StoredMessage> t = box.thread(s[2]);
                if (t.isEmpty()) {
                    return GoogleErrors.notFound();
                }
                ObjectNode th = Http.JSON.createObjectNode();
                th.put("id", s[2]);
                th.put("historyId", String.valueOf(t.stream().mapToLong(StoredMessage::historyId).max()
                        .orElse(0)));
                ArrayNode msgs = th.putArray("messages");
                t.forEach(m -> msgs.add(GmailFormat.message(m, req.param("format"),
                        req.params("metadataHeaders"))));
                return ApiResponse.json(200, th);
            }
            default -> {
                return GoogleErrors.notFound();
            }
        }
    }

    /** Records a sent message (SENT, new history record) and answers Gmail's minimal Message. */
    ApiResponse send(Mailbox box, byte[] raw, String threadId) {
        if (raw.length == 0) {
            return GoogleErrors.badRequest("Recipient address required");
        }
        String thread = threadId != null && !threadId.isBlank() && !box.thread(threadId).isEmpty() ? threadId
                : null;
        if (threadId != null && !threadId.isBlank() && thread == null) {
            return GoogleErrors.notFound();
        }
        SentRecord rec = box.recordSent(raw, thread, true);
        if (rec.to().isEmpty()) {
            return GoogleErrors.badRequest("Invalid To header");
        }
        return ApiResponse.json(200, GmailFormat.withLabels(rec.id(), rec.threadId(), List.of(Labels.SENT)));
    }

    private static ApiResponse checkLabels(Mailbox box, List<String> add, List<String> remove) {
        for (String l : add) {
            if (!box.labelExists(l)) {
                return GoogleErrors.badRequest("Invalid label: " + l);
            }
        }
        for (String l : remove) {
            if (!box.labelExists(l)) {
                return GoogleErrors.badRequest("Invalid label: " + l);
            }
        }
        return null;
    }

    private static ApiResponse labels(Mailbox box) {
        ObjectNode out = Http.JSON.createObjectNode();
        ArrayNode list = out.putArray("labels");
        for (String id : Labels.SYSTEM) {
            list.add(labelNode(id, id, "system"));
        }
        box.userLabels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> list.add(labelNode(e.getKey(), e.getValue(), "user")));
        return ApiResponse.json(200, out);
    }

    private static ApiResponse label(Mailbox box, String id) {
        String name = Labels.SYSTEM.contains(id) ? id : box.userLabels().get(id);
        if (name == null) {
            return GoogleErrors.notFound();
        }
        ObjectNode n = labelNode(id, name, Labels.SYSTEM.contains(id) ? "system" : "user");
        n.put("messagesTotal", box.count(m -> m.labels().contains(id)));
        n.put("messagesUnread", box.count(m -> m.labels().contains(id) && !m.read()));
        return ApiResponse.json(200, n);
    }

    private static ObjectNode labelNode(String id, String name, String type) {
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("id", id);
        n.put("name", name);
        n.put("type", type);
        if (type.equals("user")) {
            n.put("messageListVisibility", "show");
            n.put("labelListVisibility", "labelShow");
        }
        return n;
    }

    private static ApiResponse attachment(Mailbox box, String messageId, String attachmentId) {
        StoredMessage m = box.message(messageId);
        String partId = m == null ? null : GmailFormat.partOf(m, attachmentId);
        MimePart p = partId == null ? null : MimePart.parse(m.raw()).find(partId);
        if (p == null || !p.attachment()) {
            return GoogleErrors.notFound();
        }
        byte[] data = p.decodedBody();
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("attachmentId", attachmentId);
        n.put("size", data.length);
        n.put("data", Base64.getUrlEncoder().encodeToString(data));
        return ApiResponse.json(200, n);
    }

    static byte[] decodeRaw(String raw) {
        String s = raw.trim().replace('+', '-').replace('/', '_').replace("=", "").replaceAll("\\s", "");
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid value for ByteString: raw is not base64url");
        }
    }

    static JsonNode json(ApiRequest req) throws IOException {
        return req.body().length == 0 ? Http.JSON.createObjectNode() : Http.JSON.readTree(req.body());
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    void reset() {
        quota.reset();
        uploads.reset();
    }

}
