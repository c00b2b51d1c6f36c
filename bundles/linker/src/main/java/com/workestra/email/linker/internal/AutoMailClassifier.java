package com.workestra.email.linker.internal;

import com.workestra.email.store.MessageData;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tells machine-generated mail (auto-replies, bounces, mailing lists) from mail a person wrote, so that intake never
 * opens a ticket or an application for it: RFC 3834 Auto-Submitted (anything but "no"), Precedence
 * bulk/junk/list/auto_reply, List-Id/List-Unsubscribe (RFC 2369/2919), X-Auto-Response-Suppress, X-Autoreply,
 * X-Autorespond, a null envelope sender (Return-Path &lt;&gt;), mailer-daemon/postmaster senders, delivery and
 * disposition reports (multipart/report, message/delivery-status parts) and the usual auto-reply subjects.
 */
public final class AutoMailClassifier {

    private static final Set<String> BULK_PRECEDENCE = Set.of("bulk", "junk", "list", "auto_reply", "auto-reply");
    private static final Set<String> DAEMONS = Set.of("mailer-daemon", "postmaster", "mail-daemon",
            "mailerdaemon");
    private static final Set<String> REPORT_PARTS = Set.of("message/delivery-status", "message/global-delivery-status",
            "message/disposition-notification", "message/feedback-report");
    private static final List<String> AUTO_SUBJECTS = List.of("auto:", "automatic reply:", "autoreply:",
            "auto reply:", "auto-reply:", "out of office:", "out of office reply", "abwesenheitsnotiz:",
            "réponse automatique", "undeliverable:", "undelivered mail returned to sender",
            "delivery status notification", "mail delivery failed", "delivery failure", "returned mail:");

    private AutoMailClassifier() {
    }

    /**
     * Why the message is machine-generated, or null when a person wrote it.
     *
     * @param headers headers of interest with lower-case names (as stored)
     * @param fromAddress sender address, or null
     * @param subject subject, or null
     * @param attachments attachment metadata
     */
    public static String reason(Map<String, String> headers, String fromAddress, String subject,
            List<MessageData.Attachment> attachments) {
        String autoSubmitted = token(headers.get("auto-submitted"));
        if (autoSubmitted != null && !autoSubmitted.equals("no")) {
            return "auto-submitted";
        }
        String precedence = token(headers.get("precedence"));
        if (precedence != null && BULK_PRECEDENCE.contains(precedence)) {
            return "precedence";
        }
        if (present(headers, "list-id") || present(headers, "list-unsubscribe")) {
            return "mailing-list";
        }
        if (present(headers, "x-auto-response-suppress") || present(headers, "x-autoreply")
                || present(headers, "x-autorespond")) {
            return "auto-reply-header";
        }
        String returnPath = headers.get("return-path");
        if (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>")) {
            return "null-sender";
        }
        if (fromAddress != null) {
            int at = fromAddress.indexOf('@');
            String local = (at < 0 ? fromAddress : fromAddress.substring(0, at)).toLowerCase(Locale.ROOT);
            if (DAEMONS.contains(local)) {
                return "mailer-daemon";
            }
        }
        String contentType = token(headers.get("content-type"));
        if ("multipart/report".equals(contentType)) {
            return "report";
        }
        for (MessageData.Attachment a : attachments) {
            String type = a.contentType() == null ? null : token(a.contentType());
            if (type != null && REPORT_PARTS.contains(type)) {
                return "report";
            }
        }
        if (subject != null) {
            String s = subject.strip().toLowerCase(Locale.ROOT);
            for (String prefix : AUTO_SUBJECTS) {
                if (s.startsWith(prefix)) {
                    return "auto-reply-subject";
                }
            }
        }
        return null;
    }

    private static boolean present(Map<String, String> headers, String name) {
        String v = headers.get(name);
        return v != null && !v.isBlank();
    }

    /** The value before any parameter, trimmed and lower-cased; null when absent or blank. */
    private static String token(String value) {
        if (value == null) {
            return null;
        }
        int semi = value.indexOf(';');
        String t = (semi < 0 ? value : value.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return t.isEmpty() ? null : t;
    }
}
