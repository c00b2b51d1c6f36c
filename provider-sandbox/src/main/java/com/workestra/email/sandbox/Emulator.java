package com.workestra.email.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;

/** One emulated provider surface mounted by the sandbox server under one or more path prefixes. */
public interface Emulator {

    /** Path prefixes served, each starting and ending with '/', e.g. {@code "/resend/"}. */
    List<String> prefixes();

    /**
     * Handles one provider request whose path starts with one of {@link #prefixes()}. Fault injection and request
     * statistics are applied by the server before this is called.
     */
    void handle(HttpExchange exchange) throws IOException;

    /**
     * Handles a control request under {@code /_sandbox/<controlName>/...}; {@code rest} is the path after that
     * prefix ("" or starting with '/'). Returns false when the path is not one of this emulator's.
     */
    default boolean handleControl(HttpExchange exchange, String rest) throws IOException {
        return false;
    }

    /** Name of this emulator's control area ({@code /_sandbox/<controlName>/...}), or null when it has none. */
    default String controlName() {
        return null;
    }

    /** Forgets all state (POST /_sandbox/reset). */
    void reset();
}
