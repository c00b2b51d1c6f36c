package com.workestra.email.sandbox.resend;

import com.resend.Resend;
import com.resend.core.net.IHttpClient;
import com.resend.core.net.impl.HttpClient;
import com.resend.core.service.BaseService;
import com.resend.services.batch.Batch;
import com.resend.services.domains.Domains;
import com.resend.services.emails.Emails;
import com.resend.services.webhooks.Webhooks;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Points the real Resend SDK at the sandbox. The SDK hard-codes {@code HttpClient.BASE_API} and creates a new
 * service (with a new {@code HttpClient}) per {@code resend.emails()} call, so each service is redirected by
 * replacing the private {@code OkHttpClient} of its {@code HttpClient} with one whose interceptor rewrites
 * {@code https://api.resend.com/x} to {@code <sandbox>/resend/x}. {@link #checkHook()} fails loudly when an SDK
 * upgrade removes that hook.
 */
final class ResendSdkRedirect {

    static final String EXPECTED_BASE_API = "https://api.resend.com";
    private static final String FIELD = "httpClient";

    private final Resend resend;
    private final OkHttpClient okHttp;

    ResendSdkRedirect(URI sandbox, String apiKey) {
        checkHook();
        this.resend = new Resend(apiKey);
        HttpUrl base = HttpUrl.get(EXPECTED_BASE_API);
        this.okHttp = new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    Request original = chain.request();
                    HttpUrl url = original.url();
                    if (!url.host().equals(base.host())) {
                        throw new IOException("unexpected host in SDK request: " + url);
                    }
                    HttpUrl target = url.newBuilder()
                            .scheme(sandbox.getScheme())
                            .host(sandbox.getHost())
                            .port(sandbox.getPort())
                            .encodedPath("/resend" + url.encodedPath())
                            .build();
                    return chain.proceed(original.newBuilder().url(target).build());
                })
                .build();
    }

    /** Throws when the SDK no longer has the hook this adapter relies on. */
    static void checkHook() {
        if (!EXPECTED_BASE_API.equals(HttpClient.BASE_API)) {
            throw new IllegalStateException("Resend SDK base URL changed to " + HttpClient.BASE_API
                    + "; review ResendSdkRedirect");
        }
        Field f = hookField();
        if (f.getType() != OkHttpClient.class || Modifier.isStatic(f.getModifiers())) {
            throw new IllegalStateException("Resend SDK HttpClient." + FIELD + " is no longer an instance "
                    + "OkHttpClient field; review ResendSdkRedirect");
        }
    }

    Emails emails() {
        return redirect(resend.emails());
    }

    Batch batch() {
        return redirect(resend.batch());
    }

    Domains domains() {
        return redirect(resend.domains());
    }

    Webhooks webhooks() {
        return redirect(resend.webhooks());
    }

    /** Redirects one SDK service instance to the sandbox. */
    <T extends BaseService> T redirect(T service) {
        IHttpClient<?> client = service.getHttpClient();
        if (!(client instanceof HttpClient)) {
            throw new IllegalStateException("Resend SDK service uses " + client.getClass().getName()
                    + " instead of " + HttpClient.class.getName() + "; review ResendSdkRedirect");
        }
        try {
            hookField().set(client, okHttp);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot replace the Resend SDK's OkHttpClient", e);
        }
        return service;
    }

    private static Field hookField() {
        try {
            Field f = HttpClient.class.getDeclaredField(FIELD);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("Resend SDK HttpClient has no field '" + FIELD
                    + "' any more; review ResendSdkRedirect", e);
        }
    }
}
