package com.workestra.email.spi;

import java.util.List;

/**
 * A person or record in a host directory that mail can be linked to: a CRM contact, a support customer or ticket, a
 * recruiting candidate.
 *
 * @param module {@code crm}, {@code support} or {@code recruiting}
 * @param objectType {@code contact}, {@code deal}, {@code ticket} or {@code candidate}
 * @param objectId the host's id
 * @param workspaceId the workspace the record belongs to
 * @param name a display name
 * @param emails the addresses the record is known by, lower-cased
 */
public record HostPerson(String module, String objectType, String objectId, String workspaceId, String name,
        List<String> emails) {

    /** Copies the address list. */
    public HostPerson {
        emails = emails == null ? List.of() : List.copyOf(emails);
    }
}
