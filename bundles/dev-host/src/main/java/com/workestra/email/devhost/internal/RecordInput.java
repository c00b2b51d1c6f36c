package com.workestra.email.devhost.internal;

import java.util.List;

/**
 * Body of POST/PUT on the seeding endpoints; which fields matter depends on the record type.
 *
 * @param name contact, candidate or deal name
 * @param email one address
 * @param emails several addresses
 * @param subject ticket subject
 * @param requesterEmail ticket requester address
 * @param contactIds contacts taking part in a deal
 */
public record RecordInput(String name, String email, List<String> emails, String subject, String requesterEmail,
        List<String> contactIds) {
}
