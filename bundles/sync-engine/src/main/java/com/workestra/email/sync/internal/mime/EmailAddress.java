package com.workestra.email.sync.internal.mime;

/**
 * One mailbox of an address header.
 *
 * @param address     the addr-spec as written ({@code local@domain}), never null
 * @param displayName the RFC 2047 decoded display name, or null
 */
public record EmailAddress(String address, String displayName) {
}
