package com.workestra.email.store;

/** Computes the next tokens of a connection while the store holds its lock (refresh without races). */
@FunctionalInterface
public interface TokenUpdate<X extends Exception> {

    /**
     * @param current the tokens as stored now
     * @return the tokens to store (the same instance when nothing changed)
     * @throws X when the refresh fails; nothing is changed then
     */
    TokenSet apply(TokenSet current) throws X;
}
