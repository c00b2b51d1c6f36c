package com.workestra.email.inbox.internal.rest;

import com.workestra.email.api.Caller;
import com.workestra.email.spi.IdentityProvider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
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
 * (401), before any path matching so that unknown paths reveal nothing either.
 */
@Component(service = ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName("workestra-email-auth")
@PreMatching
public class AuthFilter implements ContainerRequestFilter {

    /** Request property holding the {@link Caller}. */
    public static final String CALLER = "com.workestra.email.caller";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IdentityProvider identity;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<Caller> caller = authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (RestPaths.isPublic(request.getUriInfo().getPath())) {
            // public endpoints answer everyone; a signed-in admin may see more (health details)
            caller.ifPresent(c -> request.setProperty(CALLER, c));
            return;
        }
        if (caller.isEmpty()) {
            request.abortWith(ErrorBody.response(401, "unauthorized",
                    "Sign in first: this call needs a valid bearer token.", Map.of()));
            return;
        }
        request.setProperty(CALLER, caller.get());
    }

    private Optional<Caller> authenticate(String header) {
        IdentityProvider provider = identity;
        if (provider == null || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : provider.authenticate(token);
    }

    /** The caller resolved for this request (user endpoints; on public ones only when a valid token came). */
    public static Caller caller(ContainerRequestContext request) {
        return (Caller) request.getProperty(CALLER);
    }
}
