package com.workestra.email.inbox.internal.rest;

import com.workestra.email.api.ConnectionService;
import com.workestra.email.api.ConnectionService.CallbackOutcome;
import com.workestra.email.spi.ProviderException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code GET /email/v1/oauth/{provider}/callback}: where the provider sends the browser back. Browsers are redirected
 * (303) to {@code redirectAfter} with {@code connection} or {@code error} in the query; clients asking for JSON (or
 * flows without redirectAfter) get the connection or the error JSON.
 */
@Component(service = OAuthCallbackResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-oauth-callback")
@Path(RestPaths.BASE + "/oauth/{provider}/callback")
public class OAuthCallbackResource {

    private final ConnectionService connections;

    /** Uses the connection service. */
    @Activate
    public OAuthCallbackResource(@Reference ConnectionService connections) {
        this.connections = connections;
    }

    /** Completes the flow. */
    @GET
    public Response callback(@PathParam("provider") String provider, @QueryParam("code") String code,
            @QueryParam("state") String state, @QueryParam("error") String error,
            @QueryParam("error_description") String errorDescription,
            @HeaderParam(HttpHeaders.ACCEPT) String accept, @Context HttpHeaders headers, @Context UriInfo uri) {
        CallbackOutcome out = connections.complete(provider, code, state, error, errorDescription,
                OAuthCookies.browserKey(headers.getCookies(), state));
        Response.ResponseBuilder answer = answer(out, accept);
        if (OAuthCookies.namesState(state)) {
            answer.cookie(OAuthCookies.clear(state, uri.getBaseUri()));
        }
        return answer.build();
    }

    private static Response.ResponseBuilder answer(CallbackOutcome out, String accept) {
        boolean wantsJson = accept != null && accept.contains(MediaType.APPLICATION_JSON)
                && !accept.contains(MediaType.TEXT_HTML);
        if (out.redirectAfter() != null && !wantsJson) {
            String query = out.error() == null
                    ? "connection=" + enc(out.connection().id()) + "&status=" + (out.reconnected() ? "reconnected"
                            : "connected")
                    : "error=" + enc(out.error());
            String target = out.redirectAfter() + (out.redirectAfter().contains("?") ? "&" : "?") + query;
            return Response.seeOther(URI.create(target));
        }
        if (out.error() != null) {
            return Response.fromResponse(ErrorBody.response(status(out.error()), out.error(), out.message(),
                    Map.of()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connection", out.connection());
        body.put("reconnected", out.reconnected());
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE);
    }

    private static int status(String code) {
        return switch (code) {
            case "invalid_state", "bad_request", "unknown_provider", "browser_mismatch" -> 400;
            case ProviderException.RATE_LIMITED -> 429;
            case ProviderException.PROVIDER_UNAVAILABLE, ProviderException.CONNECTION_FAILED -> 502;
            default -> 422;
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
