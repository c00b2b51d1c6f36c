package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import com.microsoft.kiota.http.KiotaClientFactory;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Builds Graph SDK clients for one access token against the configured Graph base URL; the only place that redirects
 * the SDK away from its built-in {@code https://graph.microsoft.com/v1.0}.
 *
 * <p>Retries: the SDK's {@code RetryHandler} would by default retry 429, 503 and 504 up to three times, sleeping on the
 * calling thread for Retry-After (up to 180 s per attempt). That hides throttling from the per-mailbox token bucket and
 * backoff policy of the sync engine and can block a job slice for minutes, so it is switched off here (zero retries):
 * every throttled or failed answer surfaces at once as a {@code ProviderException} carrying the provider's Retry-After,
 * and our own backoff decides when to call again.
 *
 * <p>One OkHttp client (connection pool and the library's own housekeeping) is shared by every token and closed by
 * {@link #close()}; the per-token {@link GraphServiceClient} is a cheap wrapper around it.
 */
final class GraphClients implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final String baseUrl;
    private final URI base;
    private final OkHttpClient http;

    /**
     * @param graphBaseUrl e.g. {@code https://graph.microsoft.com/v1.0}; plain http only for a loopback sandbox
     * @throws IllegalArgumentException when the URL is not absolute or would send tokens in clear over a network
     */
    GraphClients(String graphBaseUrl) {
        this.base = Endpoints.checked("graphBaseUrl", graphBaseUrl);
        this.baseUrl = stripTrailingSlash(base.toString());
        RequestOption[] options = {new RetryHandlerOption((delay, attempt, request, response) -> false, 0, 0)};
        this.http = KiotaClientFactory.create(GraphClientFactory.createDefaultGraphInterceptors(options))
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(READ_TIMEOUT)
                .writeTimeout(READ_TIMEOUT)
                .callTimeout(CALL_TIMEOUT)
                .build();
    }

    /** The Graph base URL requests go to, without a trailing slash. */
    String baseUrl() {
        return baseUrl;
    }

    /** A Graph client that authenticates every request to the configured Graph host with {@code accessToken}. */
    GraphServiceClient forToken(String accessToken) {
        Objects.requireNonNull(accessToken, "accessToken");
        GraphServiceClient client = new GraphServiceClient(
                new BaseBearerTokenAuthenticationProvider(new StaticToken(accessToken, base.getHost())), http);
        client.getRequestAdapter().setBaseUrl(baseUrl);
        return client;
    }

    /** Releases pooled connections; calls still running finish on their own connection. */
    @Override
    public void close() {
        http.connectionPool().evictAll();
        http.dispatcher().executorService().shutdown();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Hands out one token, and only for URLs on the configured Graph host (never to a redirect elsewhere). */
    private static final class StaticToken implements AccessTokenProvider {
        private final String token;
        private final AllowedHostsValidator hosts;

        StaticToken(String token, String host) {
            this.token = token;
            this.hosts = new AllowedHostsValidator(host.toLowerCase(Locale.ROOT));
        }

        @Override
        public String getAuthorizationToken(URI uri, Map<String, Object> additionalAuthenticationContext) {
            return hosts.isUrlHostValid(uri) && Endpoints.safeScheme(uri) ? token : "";
        }

        @Override
        public AllowedHostsValidator getAllowedHostsValidator() {
            return hosts;
        }
    }
}
