package com.workestra.email.spi;

import java.time.Instant;
import java.util.Set;

/**
 * A message as the provider lists it, before its content is fetched.
 *
 * @param providerId the provider's immutable id (Gmail message id; Graph immutable id)
 * @param threadId the provider's thread (Gmail threadId) or conversation id (Graph conversationId)
 * @param folders where it is: {@code inbox}, {@code sent} and other label/folder names, lower-case
 * @param read whether it is read
 * @param receivedAt the provider's received (internal) date
 * @param sizeBytes the provider's size estimate, or -1
 */
public record RemoteMessage(String providerId, String threadId, Set<String> folders, boolean read, Instant receivedAt,
        long sizeBytes) {

    /** Copies the folders. */
    public RemoteMessage {
        folders = Set.copyOf(folders);
    }
}
