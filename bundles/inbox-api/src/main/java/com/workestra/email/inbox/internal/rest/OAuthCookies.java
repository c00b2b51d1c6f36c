package com.workestra.email.inbox.internal.rest;

import com.workestra.email.api.ConnectionService.AuthorizationStart;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import java.net.URI;
import java.util.Map;

/**
 * The cookie that binds an OAuth flow to the browser that started it: set on the authorize answer (a same-origin
 * fetch or form post stores it), sent back by the browser on the provider's top-level redirect to the callback
 * (SameSite=Lax allows exactly that), never readable by scripts. One cookie per flow, named after its state, so two
 * flows started in two tabs do not overwrite each other.
 */
final class OAuthCookies {

    /** Cookies of flows are named this prefix + the first characters of the state. */
    static final String PREFIX = "workestra_oauth_";
    static final String PATH = "/" + RestPaths.BASE + "/oauth/";
    private static final int NAME_CHARS = 16;
    /** As long as a started authorization may be completed (stateTtlMinutes defaults to 10). */
    private static final int MAX_AGE_SECONDS = 60 * 60;

    private OAuthCookies() {
    }

    /** The cookie for a started flow. */
    static NewCookie issue(AuthorizationStart start, URI base) {
        return cookie(name(start.state()), start.browserKey(), MAX_AGE_SECONDS, base);
    }

    /** A cookie that makes the browser forget the flow's cookie (the state is single use). */
    static NewCookie clear(String state, URI base) {
        return cookie(name(state), "", 0, base);
    }

    /** The browser key this browser sent for the state, or null. */
    static String browserKey(Map<String, Cookie> cookies, String state) {
        if (!namesState(state)) {
            return null;
        }
        Cookie c = cookies.get(name(state));
        return c == null || c.getValue().isEmpty() ? null : c.getValue();
    }

    static boolean namesState(String state) {
        return state != null && state.length() >= NAME_CHARS && state.substring(0, NAME_CHARS).matches("[A-Za-z0-9_-]+");
    }

    private static String name(String state) {
        return PREFIX + state.substring(0, NAME_CHARS);
    }

    private static NewCookie cookie(String name, String value, int maxAge, URI base) {
        return new NewCookie.Builder(name).value(value).path(PATH).maxAge(maxAge).httpOnly(true)
                .secure("https".equalsIgnoreCase(base.getScheme())).sameSite(NewCookie.SameSite.LAX).build();
    }
}
