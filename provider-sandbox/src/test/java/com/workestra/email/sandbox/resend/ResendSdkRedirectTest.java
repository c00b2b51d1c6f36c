package com.workestra.email.sandbox.resend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.resend.core.exception.ResendException;
import com.resend.core.net.impl.HttpClient;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Guards the test-side hook that points the real SDK at the sandbox; fails loudly on an SDK upgrade that breaks it. */
class ResendSdkRedirectTest {

    @Test
    void sdkStillHasTheHookTheAdapterUses() {
        assertEquals(ResendSdkRedirect.EXPECTED_BASE_API, HttpClient.BASE_API,
                "the Resend SDK changed its base URL: review ResendSdkRedirect");
        assertDoesNotThrow(ResendSdkRedirect::checkHook, "the Resend SDK no longer has the OkHttpClient hook");
    }

    @Test
    void redirectedSdkTalksToTheSandboxNotToResend() throws IOException {
        try (SandboxHarness sandbox = new SandboxHarness(new ResendEmulator(false))) {
            ResendSdkRedirect sdk = new ResendSdkRedirect(sandbox.base, "re_redirect_test");
            // the id is unknown to the sandbox, so the sandbox's 404 proves the request went there
            ResendException e = assertThrows(ResendException.class, () -> sdk.emails().get("nope"));
            assertEquals(404, e.getStatusCode());
            assertEquals("not_found", e.getErrorName());
            assertEquals("Email not found", e.getMessage());
        }
    }
}
