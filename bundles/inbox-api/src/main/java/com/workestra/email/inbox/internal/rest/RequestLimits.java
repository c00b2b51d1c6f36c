package com.workestra.email.inbox.internal.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Request size limits for every resource of the REST server, before any resource reads a byte: a declared
 * Content-Length above the limit is refused at once (413 {@code payload_too_large}), and a body without one (chunked)
 * is cut off when it passes the limit. Public endpoints (webhooks, OAuth callback, pixel, health) get a small limit,
 * signed-in users one that fits a message with its attachments.
 */
@Component(service = ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName("workestra-email-request-limits")
@PreMatching
public class RequestLimits implements ContainerRequestFilter {

    /** Largest body a public endpoint reads (a Graph notification collection is far smaller). */
    public static final int PUBLIC_MAX_BYTES = 256 * 1024;
    /** Largest body a signed-in user sends (a message with attachments, base64 in JSON). */
    public static final int USER_MAX_BYTES = 48 * 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        long limit = RestPaths.isPublic(request.getUriInfo().getPath()) ? PUBLIC_MAX_BYTES : USER_MAX_BYTES;
        if (request.getLength() > limit) {
            request.abortWith(ErrorBody.response(413, "payload_too_large", message(limit), Map.of("limit", limit)));
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Bounded(request.getEntityStream(), limit));
        }
    }

    private static String message(long limit) {
        return "The request body is larger than this endpoint accepts (" + limit + " bytes).";
    }

    /** A JAX-RS failure, so that it leaves the entity readers unchanged and becomes the error JSON. */
    private static WebApplicationException tooLarge(long limit) {
        return new WebApplicationException(message(limit),
                ErrorBody.response(413, "payload_too_large", message(limit), Map.of("limit", limit)));
    }

    /** A body stream that fails once more than the limit was read. */
    static final class Bounded extends FilterInputStream {
        private final long limit;
        private long read;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, (int) Math.min(len, limit - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, limit - read + 1));
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
