package com.workestra.email.sync.internal.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.spi.ProviderException;
import com.workestra.email.store.ConnectionRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The error taxonomy of OAuth answers and the badge rules of API.md. */
class ConnectRulesTest {

    @ParameterizedTest
    @CsvSource({
        "outlook, invalid_grant, AADSTS50173: The provided grant has expired, false, token_expired",
        "outlook, invalid_grant, AADSTS700082: The refresh token has expired, false, token_expired",
        "outlook, invalid_grant, AADSTS70008: expired, true, token_expired",
        "outlook, invalid_client, AADSTS65001: The user or administrator has not consented, true, admin_consent_required",
        "outlook, access_denied, AADSTS90094: admin consent, true, admin_consent_required",
        "outlook, invalid_request, AADSTS90095: admin consent workflow, true, admin_consent_required",
        "outlook, interaction_required, AADSTS50076: Due to a configuration change, false, permission_denied",
        "outlook, interaction_required, AADSTS53003: Access has been blocked by Conditional Access, false, permission_denied",
        "gmail, invalid_grant, Token has been expired or revoked., false, token_expired",
        "gmail, invalid_grant, Bad Request, true, connection_failed",
        "gmail, access_denied, , true, permission_denied",
        "gmail, invalid_client, The OAuth client was not found., true, connection_failed",
        "gmail, server_error, , false, provider_unavailable"
    })
    void oauthAnswersMapToTheTaxonomy(String provider, String error, String description, boolean exchange,
            String code) {
        ProviderException e = OAuthErrors.map(provider, error, description, 400, exchange);
        assertEquals(code, e.code());
        assertTrue(e.getMessage().length() > 30, e.getMessage());
        assertFalse(e.getMessage().contains("AADSTS"), "a sentence for people, not a code: " + e.getMessage());
    }

    @Test
    void mfaAndConditionalAccessAreExplainedInWords() {
        assertTrue(OAuthErrors.map("outlook", "interaction_required", "AADSTS50076: mfa", 400, false).getMessage()
                .contains("multi-factor"));
        assertTrue(OAuthErrors.map("outlook", "interaction_required", "AADSTS53003: blocked", 400, false)
                .getMessage().contains("conditional access"));
        assertInstanceOf(ProviderException.RateLimited.class, OAuthErrors.map("gmail", "x", null, 429, false));
        assertInstanceOf(ProviderException.Transient.class, OAuthErrors.map("gmail", null, null, 503, false));
    }

    private static ConnectionRecord record(Instant success, Instant attempt, String code) {
        return new ConnectionRecord("c", "w", "u", "gmail", "a", "a@x.test", null, "personal", null, null,
                ConnectionRecord.ACTIVE, Instant.EPOCH, null, success, attempt, code, code == null ? null : "m");
    }

    @Test
    void badgesFollowTheContract() {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        Duration stale = Duration.ofHours(25);
        assertEquals("never_synced", Badge.of(record(null, null, null), stale, now).badge());
        assertEquals("healthy", Badge.of(record(now.minusSeconds(3600), now, null), stale, now).badge());
        assertEquals("healthy", Badge.of(record(now.minus(Duration.ofHours(24)), now, null), stale, now).badge());
        assertEquals("stale", Badge.of(record(now.minus(Duration.ofHours(26)), now, null), stale, now).badge());
        assertEquals("stale", Badge.of(record(now.minus(Duration.ofHours(3)), now, null), Duration.ofHours(2), now)
                .badge());
        var error = Badge.of(record(now.minusSeconds(60), now, "token_expired"), stale, now);
        assertEquals("error", error.badge());
        assertEquals("token_expired", error.code());
        assertEquals("error", Badge.of(record(null, now, "rate_limited"), stale, now).badge());
    }
}
