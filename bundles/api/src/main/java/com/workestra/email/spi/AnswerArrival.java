package com.workestra.email.spi;

/**
 * Told by a connector the moment a provider's answer to a call began to arrive (its status line and headers are in,
 * the body not read yet). A provider counts a call against its quota before it answers it (a batch answer lists the
 * outcome of every part, so every part ran before it), so the engine's quota pacing may count the call from this
 * moment rather than from the end of reading and decoding a large body.
 */
@FunctionalInterface
public interface AnswerArrival {

    /** Nobody listens. */
    AnswerArrival NONE = () -> { };

    /** The provider's answer began to arrive now (called again by a call of several round trips: the last counts). */
    void arrived();
}
