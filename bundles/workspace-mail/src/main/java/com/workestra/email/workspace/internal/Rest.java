package com.workestra.email.workspace.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Shared bits of this bundle's REST resources. */
final class Rest {

    /** Base path of the contract. */
    static final String BASE = "email/v1";
    /** Request property where inbox-api's auth filter leaves the {@link Caller}. */
    static final String CALLER = "com.workestra.email.caller";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private Rest() {
    }

    /** The signed-in caller (user endpoints always have one: the auth filter refuses the rest with 401). */
    static Caller caller(ContainerRequestContext request) {
        Object c = request.getProperty(CALLER);
        if (!(c instanceof Caller caller)) {
            throw new ApiException(401, "unauthorized", "Sign in first: this call needs a valid bearer token.",
                    Map.of());
        }
        return caller;
    }

    /** Parses a JSON object body. */
    static Map<String, Object> object(String body) {
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            throw ApiException.badRequest("body", "Expected a JSON object.");
        }
        try {
            Map<String, Object> m = JSON.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() { });
            if (m == null) {
                throw ApiException.badRequest("body", "Expected a JSON object.");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "The request body is not a valid JSON object.");
        }
    }

    /** Runs the work; a provider failure becomes its error JSON with Retry-After. */
    static Response json(int status, Supplier<Object> work) {
        try {
            return Response.status(status).entity(work.get()).type(MediaType.APPLICATION_JSON_TYPE).build();
        } catch (ProviderFailure f) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", f.code());
            body.put("message", f.getMessage());
            body.put("details", f.details());
            Response.ResponseBuilder r = Response.status(f.status()).entity(body).type(MediaType.APPLICATION_JSON_TYPE);
            if (f.retryAfterSeconds() != null) {
                r.header("Retry-After", String.valueOf(f.retryAfterSeconds()));
            }
            return r.build();
        }
    }
}
