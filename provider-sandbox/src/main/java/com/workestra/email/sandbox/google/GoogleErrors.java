package com.workestra.email.sandbox.google;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.workestra.email.sandbox.Faults;
import com.workestra.email.sandbox.Http;

/** Error answers in Google's JSON shape {@code {"error":{"code","message","errors":[...],"status"}}}. */
final class GoogleErrors {

    private GoogleErrors() {
    }

    static ApiResponse error(int code, String message, String domain, String reason) {
        ObjectNode root = Http.JSON.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("code", code);
        err.put("message", message);
        ObjectNode e = err.putArray("errors").addObject();
        e.put("message", message);
        e.put("domain", domain);
        e.put("reason", reason);
        if (code == 401) {
            e.put("location", "Authorization");
            e.put("locationType", "header");
        }
        err.put("status", Faults.googleStatus(code));
        ApiResponse r = ApiResponse.json(code, root);
        if (code == 401) {
            r.header("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
        }
        return r;
    }

    static ApiResponse unauthenticated() {
        return error(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login "
                + "cookie or other valid authentication credential.", "global", "authError");
    }

    static ApiResponse notFound() {
        return error(404, "Requested entity was not found.", "global", "notFound");
    }

    static ApiResponse badRequest(String message) {
        return error(400, message, "global", "invalidArgument");
    }

    static ApiResponse rateLimited(String retryAfterIso) {
        return error(429, "User-rate limit exceeded.  Retry after " + retryAfterIso, "usageLimits",
                "rateLimitExceeded");
    }

    static ApiResponse forbidden(String message) {
        return error(403, message, "global", "forbidden");
    }
}
