package com.workestra.email.outbound.internal;

import com.workestra.email.api.ApiException;
import java.util.Map;

/** The refusals of the sending path, each naming the field at fault in {@code details.field}. */
final class Fields {

    private Fields() {
    }

    /** 400: malformed input. */
    static ApiException bad(String field, String message) {
        return ApiException.badRequest(field, message);
    }

    /** 422: well-formed but refused. */
    static ApiException refused(String field, String code, String message) {
        return new ApiException(422, code, message, Map.of("field", field));
    }

    /** 404: missing or not the caller's. */
    static ApiException notFound(String field, String what) {
        return new ApiException(404, "not_found", what + " was not found.", Map.of("field", field));
    }
}
