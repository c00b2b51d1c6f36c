package com.workestra.email.connector.gmail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real Google client failures (from a stub server) mapped to the SPI taxonomy. */
class GoogleErrorsTest {

    private static final String TOKEN = "ya29.secret-access-token";

    private StubServer stub;

    @BeforeEach
    void start() throws Exception {
        stub = new StubServer();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private ProviderException failure(Duration readTimeout) {
        GmailClients clients = new GmailClients(stub.baseUrl() + "/google/", Duration.ofSeconds(2), readTimeout);
        return assertThrows(ProviderException.class, () -> new GetProfile(clients).execute(TOKEN));
    }

    private ProviderException failure(int status, Map<String, String> headers, String body) {
        stub.answer(status, headers, body);
        ProviderException e = failure(Duration.ofSeconds(5));
        assertFalse(e.getMessage().contains(TOKEN), "a message must never contain the token");
        assertTrue(e.getMessage().endsWith("."), "a message is a sentence: " + e.getMessage());
        return e;
    }

    private static String googleError(int status, String reason, String message) {
        return "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"errors\":[{\"message\":\""
                + message + "\",\"domain\":\"global\",\"reason\":\"" + reason + "\"}]}}";
    }

    @Test
    void unauthorizedMeansTheTokenIsGone() {
        ProviderException e = failure(401, Map.of("WWW-Authenticate", "Bearer realm=\"x\""),
                googleError(401, "authError", "Invalid Credentials"));
        assertInstanceOf(ProviderException.Authorization.class, e);
        assertEquals(ProviderException.TOKEN_EXPIRED, e.code());
    }

    @Test
    void insufficientPermissionsAndForbiddenAreDenied() {
        for (String reason : new String[] {"insufficientPermissions", "forbidden"}) {
            ProviderException e = failure(403, Map.of(), googleError(403, reason, "Insufficient Permission"));
            assertInstanceOf(ProviderException.Authorization.class, e, reason);
            assertEquals(ProviderException.PERMISSION_DENIED, e.code(), reason);
        }
    }

    @Test
    void tooManyRequestsHonoursRetryAfterSeconds() {
        ProviderException e = failure(429, Map.of("Retry-After", "7"),
                googleError(429, "rateLimitExceeded", "Rate Limit Exceeded"));
        assertEquals(Duration.ofSeconds(7), assertInstanceOf(ProviderException.RateLimited.class, e).retryAfter());
        assertEquals(ProviderException.RATE_LIMITED, e.code());
    }

    @Test
    void tooManyRequestsHonoursRetryAfterDate() throws Exception {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now.plusSeconds(90),
                ZoneOffset.UTC));
        ProviderException e = failure(429, Map.of("Retry-After", date), googleError(429, "rateLimitExceeded", "x"));
        ProviderException mapped = GoogleErrors.map((IOException) e.getCause(), "read the Gmail profile",
                Clock.fixed(now, ZoneOffset.UTC));
        assertEquals(Duration.ofSeconds(90), ((ProviderException.RateLimited) mapped).retryAfter());
    }

    @Test
    void userRateLimitOn403WaitsUntilTheTimeGmailNames() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        ProviderException e = failure(403, Map.of(), googleError(403, "userRateLimitExceeded",
                "User-rate limit exceeded.  Retry after 2026-11-23T10:00:12.500Z"));
        assertInstanceOf(ProviderException.RateLimited.class, e);
        ProviderException mapped = GoogleErrors.map((IOException) e.getCause(), "read the Gmail profile",
                Clock.fixed(now, ZoneOffset.UTC));
        assertEquals(Duration.ofSeconds(13), ((ProviderException.RateLimited) mapped).retryAfter());
    }

    @Test
    void rateLimitWithoutAHintUsesTheDefaultBackoff() {
        ProviderException e = failure(403, Map.of(), googleError(403, "rateLimitExceeded", "Rate Limit Exceeded"));
        assertEquals(GoogleErrors.DEFAULT_RATE_LIMIT_BACKOFF,
                assertInstanceOf(ProviderException.RateLimited.class, e).retryAfter());
    }

    @Test
    void serverErrorsAreTransient() {
        for (int status : new int[] {500, 502, 503}) {
            ProviderException e = failure(status, Map.of(), googleError(status, "backendError", "Backend Error"));
            assertInstanceOf(ProviderException.Transient.class, e);
            assertEquals(ProviderException.PROVIDER_UNAVAILABLE, e.code());
        }
        ProviderException html = failure(503, Map.of("Content-Type", "text/html"), "<html>down</html>");
        assertEquals(ProviderException.PROVIDER_UNAVAILABLE, html.code());
    }

    @Test
    void otherClientErrorsArePermanent() {
        ProviderException bad = failure(400, Map.of(), googleError(400, "invalidArgument", "Invalid id value"));
        assertInstanceOf(ProviderException.Permanent.class, bad);
        assertEquals(GoogleErrors.INVALID_REQUEST, bad.code());
        ProviderException missing = failure(404, Map.of(), googleError(404, "notFound", "Requested entity was not found."));
        assertInstanceOf(ProviderException.Permanent.class, missing);
        assertEquals(GoogleErrors.NOT_FOUND, missing.code());
        ProviderException other403 = failure(403, Map.of(), googleError(403, "somethingElse", "Nope"));
        assertInstanceOf(ProviderException.Permanent.class, other403);
    }

    @Test
    void timeoutIsAConnectionFailure() {
        stub.answerLate(2_000);
        ProviderException e = failure(Duration.ofMillis(300));
        assertInstanceOf(ProviderException.Transient.class, e);
        assertEquals(ProviderException.CONNECTION_FAILED, e.code());
        assertTrue(e.getMessage().contains("in time"), e.getMessage());
    }

    @Test
    void unreachableIsAConnectionFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        GmailClients clients = new GmailClients("http://127.0.0.1:" + closedPort + "/", Duration.ofSeconds(2),
                Duration.ofSeconds(2));
        ProviderException e = assertThrows(ProviderException.class, () -> new GetProfile(clients).execute(TOKEN));
        assertInstanceOf(ProviderException.Transient.class, e);
        assertEquals(ProviderException.CONNECTION_FAILED, e.code());
        assertFalse(e.getMessage().contains(TOKEN));
    }

    @Test
    void aSendWithoutAnAnswerIsDeliveryUnknownNotRetried() {
        stub.answerLate(2_000);
        GmailClients clients = new GmailClients(stub.baseUrl() + "/google/", Duration.ofSeconds(2),
                Duration.ofMillis(300));
        MailboxRef mailbox = new MailboxRef("c1", "me@example.com", false, TOKEN);
        ProviderException e = assertThrows(ProviderException.class, () -> new SendMessage(clients)
                .execute(mailbox, "Subject: x\r\n\r\nbody".getBytes(StandardCharsets.UTF_8), null));
        assertInstanceOf(ProviderException.Permanent.class, e);
        assertEquals(GoogleErrors.DELIVERY_UNKNOWN, e.code());
    }

    @Test
    void aSendThatNeverConnectedIsAConnectionFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        GmailClients clients = new GmailClients("http://127.0.0.1:" + closedPort + "/", Duration.ofSeconds(2),
                Duration.ofSeconds(2));
        MailboxRef mailbox = new MailboxRef("c1", "me@example.com", false, TOKEN);
        ProviderException e = assertThrows(ProviderException.class, () -> new SendMessage(clients)
                .execute(mailbox, "Subject: x\r\n\r\nbody".getBytes(StandardCharsets.UTF_8), null));
        assertEquals(ProviderException.CONNECTION_FAILED, e.code());
    }
}
