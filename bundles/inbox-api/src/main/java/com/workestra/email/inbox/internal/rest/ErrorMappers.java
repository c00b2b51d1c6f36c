package com.workestra.email.inbox.internal.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.workestra.email.api.ApiException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into the error JSON of the API contract; a client never sees a stack trace. */
final class ErrorMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    /** Failures raised deliberately by services. */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("workestra-email-api-errors")
    public static final class ApiErrors implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            return ErrorBody.response(e.status(), e.code(), e.getMessage(), e.details());
        }
    }

    /** Malformed JSON or unknown fields: 400 naming the field when known. */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("workestra-email-json-errors")
    public static final class JsonErrors implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            if (e instanceof UnrecognizedPropertyException u) {
                return ErrorBody.response(400, "bad_request", "Unknown field '" + u.getPropertyName() + "'.",
                        Map.of("field", u.getPropertyName()));
            }
            return ErrorBody.response(400, "bad_request", "The request body is not valid JSON.",
                    Map.of("field", "body"));
        }
    }

    /** JAX-RS failures: unknown path, wrong method, unsupported media type... */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("workestra-email-http-errors")
    public static final class HttpErrors implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String code = switch (status) {
                case 400 -> "bad_request";
                case 401 -> "unauthorized";
                case 403, 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 406 -> "not_acceptable";
                case 413 -> "payload_too_large";
                case 415 -> "unsupported_media_type";
                default -> status >= 500 ? "internal_error" : "http_" + status;
            };
            String message = switch (status) {
                case 403, 404 -> "Nothing was found at this address.";
                case 405 -> "This method is not allowed here.";
                case 415 -> "Send the body as application/json.";
                case 406 -> "This resource answers application/json.";
                case 413 -> e.getMessage();
                default -> status >= 500 ? "Something went wrong on our side." : "The request was refused.";
            };
            Response.ResponseBuilder b = Response.fromResponse(
                    ErrorBody.response(status == 403 ? 404 : status, code, message,
                            // no resource matched: tells a missing endpoint from a missing object (contract tests)
                            e instanceof jakarta.ws.rs.NotFoundException ? Map.of("route", "unknown") : Map.of()));
            return b.build();
        }
    }

    /** Anything unexpected: 500 with a generic sentence, logged once for operators. */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("workestra-email-unexpected-errors")
    public static final class Unexpected implements ExceptionMapper<Exception> {
        @Override
        public Response toResponse(Exception e) {
            LOG.error("Unexpected failure in the email REST layer", e);
            return ErrorBody.response(500, "internal_error", "Something went wrong on our side.", Map.of());
        }
    }
}
