package com.workestra.email.sandbox.mail;

import java.time.Instant;
import java.util.List;

/**
 * A message sent through a provider API ({@code GET /_sandbox/accounts/{a}/sent}).
 *
 * @param id       the stored message id (null when not saved to sent items)
 * @param raw      the RFC 5322 bytes as the client sent them
 * @param to       recipients (To, Cc and Bcc addresses)
 * @param subject  decoded subject
 * @param threadId the thread it joined, or null
 * @param at       when it was sent
 */
public record SentRecord(String id, byte[] raw, List<String> to, String subject, String threadId, Instant at) {
}
