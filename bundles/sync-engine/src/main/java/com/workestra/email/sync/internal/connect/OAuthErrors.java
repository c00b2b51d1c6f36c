package com.workestra.email.sync.internal.connect;

import com.workestra.email.spi.ProviderException;
import java.util.Locale;

/**
 * The one place that turns OAuth error answers (RFC 6749 codes, Microsoft AADSTS codes) into the error taxonomy
 * with a sentence that tells the user what to do.
 */
final class OAuthErrors {

    private OAuthErrors() {
    }

    /**
     * Maps an OAuth error.
     *
     * @param error the {@code error} value
     * @param description the {@code error_description} (may hold an AADSTS code)
     * @param httpStatus the HTTP status of the answer (0 for a browser redirect)
     * @param duringExchange whether this answered a code exchange (invalid_grant then means a stale code)
     */
    static ProviderException map(String provider, String error, String description, int httpStatus,
            boolean duringExchange) {
        String e = error == null ? "" : error.toLowerCase(Locale.ROOT);
        String d = description == null ? "" : description;
        String name = "gmail".equals(provider) ? "Google" : "Microsoft";
        if (d.contains("AADSTS65001") || d.contains("AADSTS90094") || d.contains("AADSTS90095")) {
            return new ProviderException.Authorization(ProviderException.ADMIN_CONSENT_REQUIRED,
                    "An administrator of your Microsoft 365 organisation must approve Workestra before mailboxes"
                            + " can be connected. Ask your IT administrator to grant admin consent, then try again.",
                    null);
        }
        if (d.contains("AADSTS50076") || d.contains("AADSTS50079")) {
            return new ProviderException.Authorization(ProviderException.PERMISSION_DENIED,
                    "Your organisation requires multi-factor authentication for this sign-in. Connect again and"
                            + " complete the extra verification step Microsoft asks for.", null);
        }
        if (d.contains("AADSTS53003") || d.contains("AADSTS53000") || d.contains("AADSTS530")) {
            return new ProviderException.Authorization(ProviderException.PERMISSION_DENIED,
                    "A conditional access policy of your organisation blocked this sign-in (for example an unmanaged"
                            + " device or location). Ask your IT administrator to allow Workestra.", null);
        }
        if (d.contains("AADSTS50173") || d.contains("AADSTS700082") || d.contains("AADSTS70008")
                || d.contains("AADSTS50078") || (!duringExchange && "invalid_grant".equals(e))) {
            return new ProviderException.Authorization(ProviderException.TOKEN_EXPIRED,
                    "Workestra's access to this " + name + " mailbox has expired or was revoked. Reconnect the"
                            + " account to resume syncing.", null);
        }
        if ("access_denied".equals(e) || "consent_required".equals(e) || "interaction_required".equals(e)) {
            return new ProviderException.Authorization(ProviderException.PERMISSION_DENIED,
                    "Access was not granted at " + name + ". Connect again and accept the requested permissions.",
                    null);
        }
        if ("invalid_client".equals(e) || "unauthorized_client".equals(e) || "invalid_scope".equals(e)
                || "unsupported_response_type".equals(e)) {
            return new ProviderException.Permanent(ProviderException.CONNECTION_FAILED,
                    "The Workestra app is not set up correctly for " + name + " (" + e + "). Ask your administrator"
                            + " to check the integration settings.", null);
        }
        if ("invalid_grant".equals(e)) {
            return new ProviderException.Permanent(ProviderException.CONNECTION_FAILED,
                    "The sign-in could not be completed because it took too long or was used twice. Start the"
                            + " connection again.", null);
        }
        if (httpStatus == 429) {
            return new ProviderException.RateLimited(null, name + " is limiting requests right now. Try again in"
                    + " a minute.", null);
        }
        if (httpStatus >= 500 || "server_error".equals(e) || "temporarily_unavailable".equals(e)) {
            return new ProviderException.Transient(ProviderException.PROVIDER_UNAVAILABLE,
                    name + " is not answering properly right now. Try again in a few minutes.", null);
        }
        return new ProviderException.Permanent(ProviderException.CONNECTION_FAILED,
                "The connection to " + name + " failed (" + (e.isEmpty() ? "HTTP " + httpStatus : e)
                        + "). Try again; if it keeps failing, ask your administrator.", null);
    }
}
