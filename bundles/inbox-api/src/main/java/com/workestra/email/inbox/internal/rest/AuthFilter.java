package com.workestra.email.inbox.internal.rest;

import com.workestra.email.api.Caller;
import com.workestra.email.spi.IdentityProvider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Resolves the caller of every user endpoint through the host's {@link IdentityProvider}; no identity, no access
 * (401), before any path matching so that unknown paths reveal nothing either. A caller is a bearer token or the
 * host's session cookie; a state-changing call on a session must come from the host's own pages (403 otherwise):
 * it carries the {@value #CSRF_HEADER} header, which a cross-site form cannot send and a cross-site script cannot
 * send without a CORS preflight this API never grants, and an {@code Origin}, when present, naming this host. While
 * the host provides no IdentityProvider at all, user endpoints answer 503 {@code identity_unavailable}: the
 * installation is incomplete, not the caller's token wrong.
 */
@Component(service = ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName("workestra-email-auth")
@PreMatching
public class AuthFilter implements ContainerRequestFilter {

    /** Request property holding the {@link Caller}. */
    public static final String CALLER = "com.workestra.email.caller";

    /** Header the web components send on every call made with the host's session cookie. */
    public static final String CSRF_HEADER = "X-Workestra-CSRF";

    private static final java.util.Set<String> SAFE_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IdentityProvider identity;

    @Override
    public void filter(ContainerRequestContext request) {
        IdentityProvider provider = identity;
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (RestPaths.isPublic(request.getUriInfo().getPath())) {
            // public endpoints answer everyone; a signed-in admin may see more (health details)
            if (provider != null) {
                authenticate(provider, authorization).ifPresent(c -> request.setProperty(CALLER, c));
            }
            return;
        }
        if (provider == null) {
            request.abortWith(ErrorBody.response(503, IdentityHealth.UNAVAILABLE, IdentityHealth.MISSING,
                    Map.of("retryAfter", 30)));
            return;
        }
        Optional<Caller> caller = authorization != null ? authenticate(provider, authorization)
                : session(provider, request);
        if (caller.isPresent() && authorization == null && !sameSite(request)) {
            request.abortWith(ErrorBody.response(403, "forbidden",
                    "This change was not made from this site's own pages, so it was refused.", Map.of()));
            return;
        }
        if (caller.isEmpty()) {
            request.abortWith(ErrorBody.response(401, "unauthorized",
                    "Sign in first: this call needs a valid bearer token.", Map.of()));
            return;
        }
        request.setProperty(CALLER, caller.get());
    }

    private static Optional<Caller> authenticate(IdentityProvider provider, String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : provider.authenticate(token);
    }

    private static Optional<Caller> session(IdentityProvider provider, ContainerRequestContext request) {
        String name = provider.sessionCookieName();
        Cookie cookie = name == null ? null : request.getCookies().get(name);
        if (cookie == null || cookie.getValue() == null || cookie.getValue().isBlank()) {
            return Optional.empty();
        }
        return provider.authenticateSession(cookie.getValue());
    }

    /** Whether a call on a session cookie may change state: safe methods always, others only from our pages. */
    static boolean sameSite(ContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return true;
        }
        if (request.getHeaderString(CSRF_HEADER) == null) {
            return false;
        }
        String origin = request.getHeaderString("Origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeaderString(HttpHeaders.HOST);
        int scheme = origin.indexOf("://");
        return host != null && scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host);
    }

    /** The caller resolved for this request (user endpoints; on public ones only when a valid token came). */
    public static Caller caller(ContainerRequestContext request) {
        return (Caller) request.getProperty(CALLER);
    }
}
