package com.workestra.email.sandbox.mail;

import com.workestra.email.sandbox.Provider;
import java.time.Instant;
import java.util.List;

/**
 * What {@code POST /_sandbox/accounts} asks for.
 *
 * @param until end of the generated span (default: now truncated to the minute); fixing it makes the generated
 *              bytes identical across runs
 */
public record AccountSpec(Provider provider, String address, String displayName, int messages, long seed,
        int spanDays, List<String> sharedWith, Instant until) {

    /** Default span of generated mail. */
    public static final int DEFAULT_SPAN_DAYS = 30;

    /** A spec with defaults: no messages, seed 1, 30 days, not shared. */
    public static AccountSpec of(Provider provider, String address) {
        return new AccountSpec(provider, address, null, 0, 1L, DEFAULT_SPAN_DAYS, List.of(), null);
    }

    public AccountSpec withMessages(int n, long seed) {
        return new AccountSpec(provider, address, displayName, n, seed, spanDays, sharedWith, until);
    }

    public AccountSpec withUntil(Instant end) {
        return new AccountSpec(provider, address, displayName, messages, seed, spanDays, sharedWith, end);
    }

    public AccountSpec withSharedWith(List<String> delegates) {
        return new AccountSpec(provider, address, displayName, messages, seed, spanDays, delegates, until);
    }
}
