package com.workestra.email.workspace.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.resend.core.exception.ResendException;
import com.resend.core.net.impl.HttpClient;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** Guards the one hook that points the real SDK at a configured base URL: fails loudly on an SDK upgrade. */
class ResendSdkTest {

    @Test
    void theSdkStillHasTheHookTheAdapterUses() {
        assertEquals(ResendSdk.EXPECTED_BASE_API, HttpClient.BASE_API,
                "the Resend SDK changed its base URL: review ResendSdk");
        assertDoesNotThrow(ResendSdk::checkHook, "the Resend SDK no longer has the OkHttpClient hook");
    }

    @Test
    void sdkUrlsMapBelowTheConfiguredBase() throws IOException {
        try (ResendSdk sdk = new ResendSdk("http://127.0.0.1:8089/resend/", Duration.ofSeconds(1))) {
            assertEquals("http://127.0.0.1:8089/resend/emails/abc?x=1",
                    sdk.target(HttpUrl.get("https://api.resend.com/emails/abc?x=1")).toString());
            assertThrows(IOException.class, () -> sdk.target(HttpUrl.get("https://evil.example/emails")));
        }
        try (ResendSdk sdk = new ResendSdk("https://api.resend.com", Duration.ofSeconds(1))) {
            assertEquals("https://api.resend.com/domains",
                    sdk.target(HttpUrl.get("https://api.resend.com/domains")).toString());
        }
        assertThrows(IllegalArgumentException.class, () -> new ResendSdk("http://resend.example.com",
                Duration.ofSeconds(1)), "API keys never go over plain http to a remote host");
        assertThrows(IllegalArgumentException.class, () -> new ResendSdk("not a url", Duration.ofSeconds(1)));
    }

    @Test
    void theRedirectedSdkTalksToTheSandboxAndExposesItsHeaders() throws Exception {
        try (Sandbox sandbox = new Sandbox();
                ResendSdk sdk = new ResendSdk(sandbox.resendUrl(), Duration.ofSeconds(5))) {
            ResendSdk.Call call = sdk.call("re_hook_test");
            // the id is unknown to the sandbox, so the sandbox's 404 proves the request went there
            ResendException e = assertThrows(ResendException.class, () -> call.emails().get("nope"));
            assertEquals(404, e.getStatusCode());
            assertEquals("not_found", e.getErrorName());
            call.domains().list();
            assertEquals("2", call.header("ratelimit-limit"), "the answer headers the SDK hides are visible");
        }
    }
}
