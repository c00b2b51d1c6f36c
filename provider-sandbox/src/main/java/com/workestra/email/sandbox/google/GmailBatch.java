package com.workestra.email.sandbox.google;

import com.workestra.email.sandbox.mail.Rfc822;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * The batch endpoint ({@code /batch}, {@code /batch/gmail/v1}): a multipart/mixed body of application/http parts,
 * each one an HTTP request run through {@link GmailApi} (own auth, own quota), answered as multipart/mixed with
 * {@code Content-ID: response-<id>} in request order.
 */
final class GmailBatch {

    static final int MAX_PARTS = 100;

    private final GmailApi api;

    GmailBatch(GmailApi api) {
        this.api = api;
    }

    ApiResponse handle(ApiRequest outer) throws IOException {
        String ct = outer.header("content-type");
        String boundary = MimePart.param(ct, "boundary");
        if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/") || boundary == null) {
            return GoogleErrors.badRequest("Batch requests must be multipart/mixed with a boundary");
        }
        byte[] head = ("Content-Type: " + ct + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + outer.body().length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(outer.body(), 0, all, head.length, outer.body().length);
        MimePart root = MimePart.parse(all);
        if (root.parts.size() > MAX_PARTS) {
            return GoogleErrors.badRequest("A batch request cannot contain more than " + MAX_PARTS + " calls");
        }
        String out = "batch_" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int n = 0;
        for (MimePart part : root.parts) {
            n++;
            String cid = part.headers.first("Content-ID");
            String id = cid == null ? String.valueOf(n) : cid.replace("<", "").replace(">", "").trim();
            ApiResponse r = serve(part.decodedBody(), outer);
            write(body, "--" + out + "\r\n");
            write(body, "Content-Type: application/http\r\n");
            write(body, "Content-ID: response-" + id + "\r\n\r\n");
            write(body, "HTTP/1.1 " + r.status + " " + reason(r.status) + "\r\n");
            if (r.contentType != null) {
                write(body, "Content-Type: " + r.contentType + "\r\n");
            }
            for (Map.Entry<String, String> h : r.headers.entrySet()) {
                write(body, h.getKey() + ": " + h.getValue() + "\r\n");
            }
            write(body, "Content-Length: " + r.body.length + "\r\n\r\n");
            body.write(r.body);
            write(body, "\r\n");
        }
        write(body, "--" + out + "--\r\n");
        return new ApiResponse(200, "multipart/mixed; boundary=" + out, body.toByteArray());
    }

    /** Runs one application/http part: request line, headers, body. */
    private ApiResponse serve(byte[] http, ApiRequest outer) throws IOException {
        int eol = indexOf(http, (byte) '\n', 0);
        if (eol < 0) {
            return GoogleErrors.badRequest("Malformed batch part");
        }
        String line = new String(http, 0, eol, StandardCharsets.UTF_8).trim();
        String[] rl = line.split(" ");
        if (rl.length < 2) {
            return GoogleErrors.badRequest("Malformed request line in batch part");
        }
        Rfc822.Headers h = Rfc822.headers(http, eol + 1, http.length);
        byte[] body = java.util.Arrays.copyOfRange(http, Math.min(h.bodyOffset(), http.length), http.length);
        String len = h.first("Content-Length");
        if (len != null && len.trim().matches("\\d+")) {
            body = java.util.Arrays.copyOf(body, Math.min(body.length, Integer.parseInt(len.trim())));
        }
        String enc = h.first("Content-Encoding");
        if (enc != null && enc.toLowerCase(java.util.Locale.ROOT).contains("gzip") && body.length > 0) {
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = gz.readAllBytes();
            }
        }
        URI uri;
        try {
            uri = new URI(rl[1]);
        } catch (URISyntaxException e) {
            return GoogleErrors.badRequest("Malformed URL in batch part");
        }
        String path = uri.getRawPath() == null ? "" : uri.getPath();
        if (path.startsWith("/google/")) {
            path = path.substring("/google".length());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String[] f : h.fields()) {
            headers.putIfAbsent(f[0], f[1]);
        }
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Authorization"))
                && outer.header("authorization") != null) {
            headers.put("Authorization", outer.header("authorization"));
        }
        if (path.startsWith("/upload/") || path.startsWith("/batch")) {
            return GoogleErrors.badRequest("Uploads and nested batches are not allowed in a batch");
        }
        return api.serve(ApiRequest.of(rl[0], path, uri.getRawQuery(), headers, body));
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            default -> "Status";
        };
    }
}
