package com.workestra.email.inbox.internal.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * {@code X-Content-Type-Options: nosniff} on every answer of the REST server (JSON, echoed validation tokens, the
 * pixel, errors): a browser never runs an answer as something other than its declared type.
 */
@Component(service = ContainerResponseFilter.class)
@JakartarsExtension
@JakartarsName("workestra-email-nosniff")
public class NoSniff implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
    }
}
