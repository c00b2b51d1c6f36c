package com.workestra.email.connector.gmail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.workestra.email.spi.ProviderAccount;
import com.workestra.email.spi.ProviderException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The base-URL redirect: breaks loudly if a library upgrade stops honouring {@code setRootUrl}. */
class GmailClientsTest {

    private StubServer stub;

    @BeforeEach
    void start() throws Exception {
        stub = new StubServer();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void requestsGoToTheConfiguredRootWithTheBearerToken() throws Exception {
        stub.answer(200, Map.of(), "{\"emailAddress\":\"ada@example.com\",\"messagesTotal\":3,\"historyId\":\"42\"}");
        GmailClients clients = new GmailClients(stub.baseUrl() + "/some/prefix", Duration.ofSeconds(5),
                Duration.ofSeconds(5));

        ProviderAccount account;
        try {
            account = new GetProfile(clients).execute("token-123");
        } catch (ProviderException e) {
            throw new AssertionError("The Gmail client did not send its request to the configured root URL "
                    + clients.rootUrl() + " (did a library upgrade stop honouring setRootUrl?)", e);
        }

        StubServer.Seen seen = stub.lastRequest();
        if (seen == null) {
            fail("No request reached the configured Gmail API root " + clients.rootUrl());
        }
        assertEquals("/some/prefix/gmail/v1/users/me/profile", seen.path(),
                "The Gmail client must build its URLs from the configured root URL");
        assertEquals("GET", seen.method());
        assertEquals("Bearer token-123", seen.headers().getFirst("Authorization"));
        assertEquals(new ProviderAccount("ada@example.com", "ada@example.com", null), account);
    }

    @Test
    void rootUrlGetsItsTrailingSlash() {
        assertEquals("http://127.0.0.1:1/google/",
                new GmailClients("http://127.0.0.1:1/google", Duration.ofSeconds(1), Duration.ofSeconds(1))
                        .rootUrl());
    }

    @Test
    void rejectsWhatIsNotAnHttpUrl() {
        assertThrows(IllegalArgumentException.class,
                () -> new GmailClients("gmail.googleapis.com", Duration.ofSeconds(1), Duration.ofSeconds(1)));
        GmailClients clients = new GmailClients("http://127.0.0.1:1/", Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, () -> clients.forAccessToken(" "));
        assertNotNull(clients.forAccessToken("t"));
    }
}
