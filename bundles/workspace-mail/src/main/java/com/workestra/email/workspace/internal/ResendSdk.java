package com.workestra.email.workspace.internal;

import com.resend.Resend;
import com.resend.core.net.IHttpClient;
import com.resend.core.net.impl.HttpClient;
import com.resend.core.service.BaseService;
import com.resend.services.domains.Domains;
import com.resend.services.emails.Emails;
import com.resend.services.webhooks.Webhooks;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The only place that points the Resend Java SDK at a configured base URL (the provider sandbox in the dev
 * distribution) and reads the answer headers the SDK hides (ratelimit-*, retry-after).
 *
 * <p>The SDK hard-codes {@code HttpClient.BASE_API} and builds a new service, with its own {@code HttpClient}, per
 * {@code resend.emails()} call. Each service of a {@link Call} gets its private {@code OkHttpClient} replaced by one
 * derived from a shared client (one connection pool, our timeouts) whose interceptor rewrites
 * {@code https://api.resend.com/x} to {@code <base>/x} and records the response headers. {@link #checkHook()} fails
 * loudly when an SDK upgrade removes that hook (ResendSdkTest runs it).
 */
final class ResendSdk implements AutoCloseable {

    /** The base URL the SDK version we embed hard-codes. */
    static final String EXPECTED_BASE_API = "https://api.resend.com";
    private static final String FIELD = "httpClient";

    private final HttpUrl base;
    private final HttpUrl sdkBase = HttpUrl.get(EXPECTED_BASE_API);
    private final OkHttpClient shared;

    /**
     * @param baseUrl Resend's API root, e.g. {@code https://api.resend.com} or {@code http://127.0.0.1:8089/resend};
     *     plain http only towards a loopback sandbox
     * @param timeout connect, read and overall call timeout
     */
    ResendSdk(String baseUrl, Duration timeout) {
        checkHook();
        this.base = checked(baseUrl);
        this.shared = new OkHttpClient.Builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout.multipliedBy(2))
                .retryOnConnectionFailure(false)
                .build();
    }

    /** Throws when the SDK no longer has the hook this adapter relies on. */
    static void checkHook() {
        if (!EXPECTED_BASE_API.equals(HttpClient.BASE_API)) {
            throw new IllegalStateException("Resend SDK base URL changed to " + HttpClient.BASE_API
                    + "; review ResendSdk");
        }
        Field f = hookField();
        if (f.getType() != OkHttpClient.class || Modifier.isStatic(f.getModifiers())) {
            throw new IllegalStateException("Resend SDK HttpClient." + FIELD + " is no longer an instance"
                    + " OkHttpClient field; review ResendSdk");
        }
    }

    /** The configured API root. */
    String baseUrl() {
        return base.toString();
    }

    /** Starts one API call (or a few) with an API key; the answer headers of its last request are kept. */
    Call call(String apiKey) {
        return new Call(Objects.requireNonNull(apiKey, "apiKey"));
    }

    /** The SDK's webhook verifier (Svix scheme); makes no request. */
    Webhooks verifier() {
        return call("re_verify_only").webhooks();
    }

    @Override
    public void close() {
        shared.dispatcher().executorService().shutdown();
        shared.connectionPool().evictAll();
    }

    /** SDK services of one API key, redirected, with the headers of the last answer. */
    final class Call {
        private final Resend resend;
        private final OkHttpClient client;
        private volatile Headers lastHeaders = Headers.of();

        private Call(String apiKey) {
            this.resend = new Resend(apiKey);
            this.client = shared.newBuilder().addInterceptor(chain -> {
                Request original = chain.request();
                Response response = chain.proceed(original.newBuilder().url(target(original.url())).build());
                lastHeaders = response.headers();
                return response;
            }).build();
        }

        Emails emails() {
            return redirect(resend.emails());
        }

        Domains domains() {
            return redirect(resend.domains());
        }

        Webhooks webhooks() {
            return redirect(resend.webhooks());
        }

        /** A header of the last answer (names are case-insensitive), or null. */
        String header(String name) {
            return lastHeaders.get(name);
        }

        private <T extends BaseService> T redirect(T service) {
            IHttpClient<?> http = service.getHttpClient();
            if (!(http instanceof HttpClient)) {
                throw new IllegalStateException("Resend SDK service uses " + http.getClass().getName()
                        + " instead of " + HttpClient.class.getName() + "; review ResendSdk");
            }
            try {
                hookField().set(http, client);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot replace the Resend SDK's OkHttpClient", e);
            }
            return service;
        }
    }

    /** Maps an SDK URL below {@code https://api.resend.com} to the same path below the configured base. */
    HttpUrl target(HttpUrl url) throws IOException {
        if (!url.host().equals(sdkBase.host()) || !url.scheme().equals(sdkBase.scheme())) {
            throw new IOException("unexpected host in a Resend SDK request: " + url.host());
        }
        String prefix = base.encodedPath().endsWith("/")
                ? base.encodedPath().substring(0, base.encodedPath().length() - 1) : base.encodedPath();
        return url.newBuilder().scheme(base.scheme()).host(base.host()).port(base.port())
                .encodedPath(prefix + url.encodedPath()).build();
    }

    private static Field hookField() {
        try {
            Field f = HttpClient.class.getDeclaredField(FIELD);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("Resend SDK HttpClient has no field '" + FIELD
                    + "' any more; review ResendSdk", e);
        }
    }

    private static HttpUrl checked(String baseUrl) {
        HttpUrl url = baseUrl == null ? null : HttpUrl.parse(baseUrl.trim());
        if (url == null) {
            throw new IllegalArgumentException("resendBaseUrl must be an absolute http(s) URL: " + baseUrl);
        }
        URI uri = url.uri();
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1");
        if (!url.isHttps() && !loopback) {
            throw new IllegalArgumentException("resendBaseUrl must use https (plain http is accepted for a loopback"
                    + " sandbox only): " + baseUrl);
        }
        return url;
    }
}
