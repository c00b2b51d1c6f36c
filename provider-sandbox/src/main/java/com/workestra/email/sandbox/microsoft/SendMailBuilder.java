package com.workestra.email.sandbox.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Turns the Message JSON of {@code sendMail} into the RFC 5322 message Exchange would put on the wire. */
final class SendMailBuilder {

    /** The built message plus what the sent list records about it. */
    record Built(byte[] raw, String messageId, String subject, List<String> to, List<String> cc, List<String> bcc) {
    }

    /** A client error in the Message JSON, answered as Graph's 400 with this code. */
    static final class BadMessage extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        BadMessage(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private SendMailBuilder() {
    }

    static Built build(JsonNode message, String fromAddress, String fromName) throws BadMessage {
        if (message == null || !message.isObject()) {
            throw new BadMessage("ErrorInvalidRequest", "Message is required.");
        }
        List<String> to = recipients(message.path("toRecipients"));
        List<String> cc = recipients(message.path("ccRecipients"));
        List<String> bcc = recipients(message.path("bccRecipients"));
        List<String> toAddr = addresses(message.path("toRecipients"));
        List<String> ccAddr = addresses(message.path("ccRecipients"));
        List<String> bccAddr = addresses(message.path("bccRecipients"));
        if (toAddr.isEmpty() && ccAddr.isEmpty() && bccAddr.isEmpty()) {
            throw new BadMessage("ErrorInvalidRecipients", "At least one recipient is not valid., A message can't be"
                    + " sent because it contains no recipients.");
        }
        String subject = message.path("subject").asText("");
        String bodyType = message.path("body").path("contentType").asText("text").toLowerCase(Locale.ROOT);
        String content = message.path("body").path("content").asText("");
        String domain = fromAddress.substring(fromAddress.indexOf('@') + 1);
        String messageId = "<" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT)
                + "@" + domain + ">";

        StringBuilder h = new StringBuilder();
        h.append("From: ").append(mailbox(fromName, fromAddress)).append("\r\n");
        if (!to.isEmpty()) {
            h.append("To: ").append(String.join(", ", to)).append("\r\n");
        }
        if (!cc.isEmpty()) {
            h.append("Cc: ").append(String.join(", ", cc)).append("\r\n");
        }
        List<String> replyTo = recipients(message.path("replyTo"));
        if (!replyTo.isEmpty()) {
            h.append("Reply-To: ").append(String.join(", ", replyTo)).append("\r\n");
        }
        h.append("Subject: ").append(encodeWord(subject)).append("\r\n");
        h.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n");
        h.append("Message-ID: ").append(messageId).append("\r\n");
        for (JsonNode header : message.path("internetMessageHeaders")) {
            String name = header.path("name").asText("");
            if (!name.regionMatches(true, 0, "x-", 0, 2)) {
                throw new BadMessage("InvalidInternetMessageHeader", "The internet message header name '" + name
                        + "' should start with 'x-' or 'X-'.");
            }
            h.append(name).append(": ").append(encodeWord(header.path("value").asText(""))).append("\r\n");
        }
        h.append("MIME-Version: 1.0\r\n");

        String bodyPart = "Content-Type: " + (bodyType.equals("html") ? "text/html" : "text/plain")
                + "; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64Lines(
                        content.getBytes(StandardCharsets.UTF_8));
        List<JsonNode> attachments = new ArrayList<>();
        message.path("attachments").forEach(attachments::add);
        if (attachments.isEmpty()) {
            h.append(bodyPart);
        } else {
            String boundary = "_000_" + UUID.randomUUID().toString().replace("-", "") + "_";
            h.append("Content-Type: multipart/mixed;\r\n\tboundary=\"").append(boundary).append("\"\r\n\r\n");
            h.append("--").append(boundary).append("\r\n").append(bodyPart);
            for (JsonNode a : attachments) {
                String name = a.path("name").asText("attachment");
                String type = a.path("contentType").asText("application/octet-stream");
                byte[] bytes = Base64.getDecoder().decode(a.path("contentBytes").asText(""));
                boolean inline = a.path("isInline").asBoolean(false);
                h.append("--").append(boundary).append("\r\n");
                h.append("Content-Type: ").append(type).append("; name=\"").append(encodeWord(name)).append("\"\r\n");
                h.append("Content-Disposition: ").append(inline ? "inline" : "attachment").append("; filename=\"")
                        .append(encodeWord(name)).append("\"\r\n");
                if (a.hasNonNull("contentId")) {
                    h.append("Content-ID: <").append(a.get("contentId").asText()).append(">\r\n");
                }
                h.append("Content-Transfer-Encoding: base64\r\n\r\n").append(base64Lines(bytes));
            }
            h.append("--").append(boundary).append("--\r\n");
        }
        return new Built(h.toString().getBytes(StandardCharsets.US_ASCII), messageId, subject, toAddr, ccAddr,
                bccAddr);
    }

    private static List<String> recipients(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : list) {
            String address = r.path("emailAddress").path("address").asText("");
            if (!address.isEmpty()) {
                out.add(mailbox(r.path("emailAddress").path("name").asText(null), address));
            }
        }
        return out;
    }

    private static List<String> addresses(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : list) {
            String address = r.path("emailAddress").path("address").asText("");
            if (!address.isEmpty()) {
                out.add(address);
            }
        }
        return out;
    }

    private static String mailbox(String name, String address) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase(address)) {
            return address;
        }
        String n = isAscii(name) ? "\"" + name.replace("\"", "\\\"") + "\"" : encodeWord(name);
        return n + " <" + address + ">";
    }

    static String encodeWord(String s) {
        if (isAscii(s)) {
            return s;
        }
        return "=?utf-8?B?" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private static String base64Lines(byte[] bytes) {
        return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes) + "\r\n";
    }
}
