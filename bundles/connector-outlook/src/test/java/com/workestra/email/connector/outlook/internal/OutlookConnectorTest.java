package com.workestra.email.connector.outlook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.spi.OAuthClientSettings;
import com.workestra.email.spi.ProviderException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration → OAuth settings, and configuration checks. */
class OutlookConnectorTest {

    private static final TestConfig DEFAULTS =
            TestConfig.of("https://login.microsoftonline.com", "https://graph.microsoft.com/v1.0");

    @Test
    void oauthSettingsFollowTheMicrosoftIdentityPlatform() {
        OutlookConnector connector = new OutlookConnector(DEFAULTS.withTenant("contoso.onmicrosoft.com"));
        try {
            OAuthClientSettings oauth = connector.oauth();
            assertEquals(URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"),
                    oauth.authorizationEndpoint());
            assertEquals(URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"),
                    oauth.tokenEndpoint());
            assertNull(oauth.revocationEndpoint(), "Microsoft has no revocation endpoint for v2.0 tokens");
            assertNull(oauth.clientSecret(), "an empty secret means a public client");
            assertEquals(List.of("Mail.ReadWrite", "Mail.Send", "offline_access", "User.Read"), oauth.scopes());
            assertEquals(Map.of("response_mode", "query"), oauth.extraAuthorizationParameters());
            assertEquals("select_account", oauth.accountPickerPrompt());
            assertTrue(oauth.rotatesRefreshTokens());
            assertEquals("outlook", connector.provider());
        } finally {
            connector.deactivate();
        }
    }

    @Test
    void modifiedAppliesAtOnceAndTheSecretNeverShows() {
        OutlookConnector connector = new OutlookConnector(DEFAULTS);
        try {
            connector.modified(DEFAULTS.withTenant("organizations").withSecret("s3cr3t-value"));
            OAuthClientSettings oauth = connector.oauth();
            assertTrue(oauth.tokenEndpoint().getPath().startsWith("/organizations/"), oauth.toString());
            assertEquals("s3cr3t-value", oauth.clientSecret());
            assertFalse(oauth.toString().contains("s3cr3t-value"));
        } finally {
            connector.deactivate();
        }
    }

    @Test
    void tokensAreNeverSentInClearOverANetwork() {
        assertThrows(IllegalArgumentException.class,
                () -> new OutlookConnector(TestConfig.of("https://login.microsoftonline.com",
                        "http://graph.example.net/v1.0")));
        assertThrows(IllegalArgumentException.class,
                () -> new OutlookConnector(DEFAULTS.withTenant("../evil")));
    }

    @Test
    void aMissingTokenNeedsNoRoundTrip() {
        OutlookConnector connector = new OutlookConnector(DEFAULTS);
        try {
            ProviderException e = assertThrows(ProviderException.Authorization.class, () -> connector.identify(" "));
            assertEquals(ProviderException.TOKEN_EXPIRED, e.code());
        } finally {
            connector.deactivate();
        }
    }
}
