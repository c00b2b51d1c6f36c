package com.workestra.email.store;

import java.util.Set;

/**
 * A state change of a message already stored (read flag, folders), from incremental sync.
 *
 * @param providerId the provider's id
 * @param folders the folders now, or null when unknown (keep)
 * @param read the read state now
 */
public record MessageState(String providerId, Set<String> folders, boolean read) {
}
