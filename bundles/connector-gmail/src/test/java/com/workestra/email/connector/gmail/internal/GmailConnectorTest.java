package com.workestra.email.connector.gmail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.workestra.email.spi.MailConnector.Capability;
import com.workestra.email.spi.OAuthClientSettings;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Configuration of the connector as DS hands it over (metatype defaults plus overrides). */
class GmailConnectorTest {

    @Test
    void defaultsPointAtGoogleWithLeastScopesAndOfflineAccess() {
        GmailConnector connector = new GmailConnector(TestConfigs.gmail(Map.of("clientId", "app.example",
                ".clientSecret", "s3cret")));
        OAuthClientSettings oauth = connector.oauth();

        assertEquals("gmail", connector.provider());
        assertEquals(Set.of(Capability.INCREMENTAL_SYNC, Capability.BATCH_FETCH), connector.capabilities());
        assertEquals(URI.create("https://accounts.google.com/o/oauth2/v2/auth"), oauth.authorizationEndpoint());
        assertEquals(URI.create("https://oauth2.googleapis.com/token"), oauth.tokenEndpoint());
        assertEquals(URI.create("https://oauth2.googleapis.com/revoke"), oauth.revocationEndpoint());
        assertEquals("app.example", oauth.clientId());
        assertEquals("s3cret", oauth.clientSecret());
        assertEquals(List.of("https://www.googleapis.com/auth/gmail.readonly",
                "https://www.googleapis.com/auth/gmail.send", "https://www.googleapis.com/auth/gmail.modify"),
                oauth.scopes());
        assertEquals(Map.of("access_type", "offline", "include_granted_scopes", "true"),
                oauth.extraAuthorizationParameters());
        assertEquals("select_account", oauth.accountPickerPrompt());
        assertFalse(oauth.rotatesRefreshTokens());
        assertFalse(oauth.toString().contains("s3cret"));
    }

    @Test
    void modifiedAppliesAtOnce() {
        GmailConnector connector = new GmailConnector(TestConfigs.gmail(Map.of()));
        assertNull(connector.oauth().clientSecret(), "no secret configured = none sent");

        connector.modified(TestConfigs.gmail(Map.of("clientId", "other", ".clientSecret", "x",
                "tokenEndpoint", "http://127.0.0.1:8089/google/token", "revocationEndpoint", "",
                "scopes", new String[] {GmailConnector.SCOPE_READONLY})));

        OAuthClientSettings oauth = connector.oauth();
        assertEquals("other", oauth.clientId());
        assertEquals(URI.create("http://127.0.0.1:8089/google/token"), oauth.tokenEndpoint());
        assertNull(oauth.revocationEndpoint());
        assertEquals(List.of(GmailConnector.SCOPE_READONLY), oauth.scopes());
    }
}
