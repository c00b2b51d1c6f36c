package com.workestra.email.api.panel;

import java.time.Instant;
import java.util.List;

/**
 * A thread opened from a module panel, cut to what the caller may see of it: bodies and attachments only for the
 * owner and at {@code everything}; subject, people and time at {@code subject}; people and time at {@code metadata}.
 *
 * @param thread the thread as the panel lists it
 * @param messages its messages, oldest first
 */
public record PanelThreadView(ThreadSummary thread, List<Message> messages) {

    /** Copies the messages. */
    public PanelThreadView {
        messages = List.copyOf(messages);
    }

    /**
     * One message.
     *
     * @param id message id
     * @param subject subject, null at metadata
     * @param from sender
     * @param to recipients
     * @param cc copy recipients
     * @param receivedAt when it reached the mailbox
     * @param outbound whether the mailbox sent it
     * @param text plain text body, or null
     * @param html sanitized HTML (no scripts, remote images blocked), or null
     * @param attachments attachment metadata
     */
    public record Message(String id, String subject, Person from, List<Person> to, List<Person> cc,
            Instant receivedAt, boolean outbound, String text, String html, List<File> attachments) {
    }

    /**
     * An address with its name.
     *
     * @param address the address
     * @param name the display name, or null
     */
    public record Person(String address, String name) {
    }

    /**
     * Attachment metadata.
     *
     * @param filename file name, or null
     * @param contentType media type
     * @param sizeBytes decoded size
     * @param kind file, inline, signature, message or tnef
     */
    public record File(String filename, String contentType, long sizeBytes, String kind) {
    }
}
