package com.workestra.email.workspace.internal;

import com.workestra.email.api.Caller;
import com.workestra.email.spi.IdentityProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /email/v1/t/o/{token}.gif} (public): always the 1x1 GIF, never cached, whatever the token; an open is
 * recorded once per token per minute and never for the sender's own signed-in view.
 */
@Component(service = PixelResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-open-pixel")
@Path(Rest.BASE + "/t/o")
public class PixelResource {

    private static final Logger LOG = LoggerFactory.getLogger(PixelResource.class);

    private final PixelTracker pixels;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IdentityProvider identity;

    /** Uses the workspace mail parts. */
    @Activate
    public PixelResource(@Reference WorkspaceMailComponent mail) {
        this.pixels = mail.pixels();
    }

    /** The pixel. */
    @GET
    @Path("{token}.gif")
    public Response pixel(@PathParam("token") String token, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        try {
            pixels.open(token, viewer(auth));
        } catch (RuntimeException e) {
            // the image is served whatever happens to the bookkeeping
            LOG.warn("Could not record an open: {}", e.toString());
        }
        return Response.ok(PixelTracker.GIF, "image/gif")
                .header(HttpHeaders.CACHE_CONTROL, "no-store, no-cache, must-revalidate, max-age=0")
                .header("Pragma", "no-cache")
                .header("Expires", "0")
                .build();
    }

    private Optional<Caller> viewer(String header) {
        IdentityProvider provider = identity;
        if (provider == null || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : provider.authenticate(token);
    }
}
