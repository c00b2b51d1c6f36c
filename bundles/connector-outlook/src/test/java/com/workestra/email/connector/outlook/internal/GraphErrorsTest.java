package com.workestra.email.connector.outlook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.ApiExceptionBuilder;
import com.microsoft.kiota.ResponseHeaders;
import com.workestra.email.spi.ProviderException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Graph failure → SPI taxonomy table. */
class GraphErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final GraphErrors errors = new GraphErrors(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void unauthorizedIsTokenExpired() {
        ProviderException e = errors.map(odata(401, "InvalidAuthenticationToken", null), "reading");
        assertInstanceOf(ProviderException.Authorization.class, e);
        assertEquals(ProviderException.TOKEN_EXPIRED, e.code());
    }

    @Test
    void accessDeniedIsPermissionDenied() {
        ProviderException e = errors.map(odata(403, "ErrorAccessDenied", null), "reading");
        assertInstanceOf(ProviderException.Authorization.class, e);
        assertEquals(ProviderException.PERMISSION_DENIED, e.code());
        assertTrue(e.getMessage().contains("ErrorAccessDenied"), e.getMessage());
    }

    @Test
    void throttlingCarriesRetryAfterInSecondsOrAsADate() {
        ProviderException seconds = errors.map(odata(429, "TooManyRequests", "12"), "reading");
        assertEquals(Duration.ofSeconds(12), ((ProviderException.RateLimited) seconds).retryAfter());

        ProviderException date = errors.map(odata(503, "ServiceUnavailable", "Mon, 23 Nov 2026 12:00:30 GMT"),
                "reading");
        assertEquals(Duration.ofSeconds(30), ((ProviderException.RateLimited) date).retryAfter());

        ProviderException noHeader = errors.map(odata(429, "TooManyRequests", null), "reading");
        assertEquals(ProviderException.RATE_LIMITED, noHeader.code());
    }

    @Test
    void serverErrorsWithoutRetryAfterAreTransient() {
        for (int status : new int[] {500, 502, 503, 504}) {
            ProviderException e = errors.map(plain(status), "reading");
            assertInstanceOf(ProviderException.Transient.class, e, "HTTP " + status);
            assertEquals(ProviderException.PROVIDER_UNAVAILABLE, e.code());
        }
    }

    @Test
    void otherClientErrorsArePermanent() {
        for (int status : new int[] {400, 404, 409, 410}) {
            ProviderException e = errors.map(plain(status), "reading");
            assertInstanceOf(ProviderException.Permanent.class, e, "HTTP " + status);
            assertEquals(GraphErrors.REQUEST_REJECTED, e.code());
        }
    }

    @Test
    void networkFailuresAreConnectionFailures() {
        RuntimeException wrapped = new RuntimeException(new SocketTimeoutException("timeout"));
        ProviderException e = errors.map(wrapped, "reading the account profile");
        assertInstanceOf(ProviderException.Transient.class, e);
        assertEquals(ProviderException.CONNECTION_FAILED, e.code());
        assertEquals(ProviderException.CONNECTION_FAILED,
                errors.map(new UncheckedIOException(new java.io.IOException("reset")), "x").code());
    }

    private static ApiException plain(int status) {
        return new ApiExceptionBuilder().withMessage("failed").withResponseStatusCode(status)
                .withResponseHeaders(new ResponseHeaders()).build();
    }

    private static ApiException odata(int status, String code, String retryAfter) {
        MainError main = new MainError();
        main.setCode(code);
        main.setMessage("details");
        ODataError error = new ODataError();
        error.setError(main);
        ResponseHeaders headers = new ResponseHeaders();
        if (retryAfter != null) {
            headers.put("Retry-After", Set.of(retryAfter));
        }
        ApiException built = new ApiExceptionBuilder(() -> error).withResponseStatusCode(status)
                .withResponseHeaders(headers).build();
        assertInstanceOf(ODataError.class, built);
        return built;
    }
}
