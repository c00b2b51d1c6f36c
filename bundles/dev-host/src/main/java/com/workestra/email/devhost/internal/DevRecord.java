package com.workestra.email.devhost.internal;

import com.workestra.email.spi.HostPerson;
import java.time.Instant;
import java.util.List;

/**
 * A record of the dev host as the seeding endpoints return it.
 *
 * @param id record id
 * @param type contact, deal, ticket or candidate
 * @param module crm, support or recruiting
 * @param name display name
 * @param subject ticket subject
 * @param emails addresses, lower-cased
 * @param contactIds deal participants
 * @param createdAt creation instant
 * @param updatedAt last change
 */
public record DevRecord(String id, String type, String module, String name, String subject, List<String> emails,
        List<String> contactIds, Instant createdAt, Instant updatedAt) {

    HostPerson toPerson(String workspaceId) {
        return new HostPerson(module, type, id, workspaceId, name != null ? name : subject, emails);
    }
}
