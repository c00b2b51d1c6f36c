package com.workestra.email.sandbox.resend;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One email accepted by the emulated Resend API; only {@code lastEvent} changes after creation. */
final class StoredEmail {

    /** Attachment metadata kept for the control API (the content itself is not retained). */
    record AttachmentInfo(String name, Integer size, String contentType, String path) {
    }

    final String id;
    final String from;
    final List<String> to;
    final List<String> cc;
    final List<String> bcc;
    final List<String> replyTo;
    final String subject;
    final String html;
    final String text;
    final Map<String, String> headers;
    final List<AttachmentInfo> attachments;
    final Map<String, String> tags;
    final String scheduledAt;
    final Instant scheduledFor;
    final String templateId;
    final Instant createdAt;
    private volatile String lastEvent;

    StoredEmail(String id, EmailParser.Parsed p, Instant createdAt) {
        this.id = id;
        this.from = p.from();
        this.to = p.to();
        this.cc = p.cc();
        this.bcc = p.bcc();
        this.replyTo = p.replyTo();
        this.subject = p.subject();
        this.html = p.html();
        this.text = p.text();
        this.headers = p.headers();
        this.attachments = p.attachments();
        this.tags = p.tags();
        this.scheduledAt = p.scheduledAt();
        this.scheduledFor = p.scheduledFor();
        this.templateId = p.templateId();
        this.createdAt = createdAt;
        this.lastEvent = scheduledFor != null && scheduledFor.isAfter(createdAt) ? "scheduled" : "queued";
    }

    String lastEvent() {
        return lastEvent;
    }

    void lastEvent(String event) {
        this.lastEvent = event;
    }
}
