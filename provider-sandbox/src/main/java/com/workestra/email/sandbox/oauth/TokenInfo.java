package com.workestra.email.sandbox.oauth;

import com.workestra.email.sandbox.Provider;
import java.time.Instant;

/** Who a valid access token belongs to. */
public record TokenInfo(Provider provider, String address, String clientId, String scope, Instant expiresAt) {
}
