package com.workestra.email.sandbox.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.sandbox.Http;
import com.workestra.email.sandbox.mail.Mailbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The media upload protocol of {@code /upload/gmail/v1/users/{u}/messages/send}: uploadType=media (the message
 * as body), multipart (JSON metadata + message in multipart/related) and resumable (initiation POST answered with
 * a Location, then PUT of the bytes, possibly in chunks answered 308 with a Range).
 */
final class GmailUploads {

    private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern STATUS = Pattern.compile("bytes \\*/(\\d+|\\*)");

    private static final class Session {
        final Mailbox box;
        final String threadId;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Session(Mailbox box, String threadId) {
            this.box = box;
            this.threadId = threadId;
        }
    }

    private final GmailApi api;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    GmailUploads(GmailApi api) {
        this.api = api;
    }

    /** The mailbox of an open resumable session, or null. */
    Mailbox owner(String uploadId) {
        Session s = sessions.get(uploadId);
        return s == null ? null : s.box;
    }

    ApiResponse handle(Mailbox box, ApiRequest req, String baseUrl) throws IOException {
        String uploadId = req.param("upload_id");
        if (uploadId != null) {
            return chunk(sessions.get(uploadId), uploadId, req);
        }
        String type = req.param("uploadType");
        if (type == null) {
            type = "media";
        }
        switch (type) {
            case "media" -> {
                return api.send(box, req.body(), null);
            }
            case "multipart" -> {
                return multipart(box, req);
            }
            case "resumable" -> {
                String threadId = req.body().length == 0 ? null
                        : GmailApi.json(req).path("threadId").asText(null);
                String id = UUID.randomUUID().toString().replace("-", "");
                sessions.put(id, new Session(box, threadId));
                String location = baseUrl + req.path() + "?uploadType=resumable&upload_id=" + id;
                return ApiResponse.empty(200).header("Location", location).header("X-GUploader-UploadID", id);
            }
            default -> {
                return GoogleErrors.badRequest("Invalid uploadType: " + type);
            }
        }
    }

    private ApiResponse chunk(Session s, String uploadId, ApiRequest req) {
        if (s == null) {
            return GoogleErrors.notFound();
        }
        String range = req.header("content-range");
        byte[] body = req.body();
        long total = -1;
        if (range != null) {
            Matcher st = STATUS.matcher(range);
            Matcher m = RANGE.matcher(range);
            if (st.matches()) {
                total = st.group(1).equals("*") ? -1 : Long.parseLong(st.group(1));
            } else if (m.matches()) {
                long from = Long.parseLong(m.group(1));
                if (from != s.bytes.size()) {
                    return incomplete(s);
                }
                total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            }
        }
        synchronized (s) {
            s.bytes.write(body, 0, body.length);
        }
        if (range != null && (total < 0 || s.bytes.size() < total)) {
            return incomplete(s);
        }
        sessions.remove(uploadId);
        return api.send(s.box, s.bytes.toByteArray(), s.threadId);
    }

    private static ApiResponse incomplete(Session s) {
        ApiResponse r = ApiResponse.empty(308);
        if (s.bytes.size() > 0) {
            r.header("Range", "bytes=0-" + (s.bytes.size() - 1));
        }
        return r;
    }

    private ApiResponse multipart(Mailbox box, ApiRequest req) throws IOException {
        String ct = req.header("content-type");
        String boundary = MimePart.param(ct, "boundary");
        if (boundary == null) {
            return GoogleErrors.badRequest("multipart upload without boundary");
        }
        byte[] whole = ("Content-Type: " + ct + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] all = new byte[whole.length + req.body().length];
        System.arraycopy(whole, 0, all, 0, whole.length);
        System.arraycopy(req.body(), 0, all, whole.length, req.body().length);
        MimePart root = MimePart.parse(all);
        if (root.parts.size() < 2) {
            return GoogleErrors.badRequest("multipart upload needs metadata and media parts");
        }
        JsonNode meta = Http.JSON.readTree(root.parts.get(0).decodedBody());
        byte[] media = root.parts.get(1).decodedBody();
        return api.send(box, media, meta.path("threadId").asText(null));
    }

    void reset() {
        sessions.clear();
    }
}
