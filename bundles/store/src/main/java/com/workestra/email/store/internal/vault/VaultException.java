package com.workestra.email.store.internal.vault;

/** Unchecked failure of the token vault whose message never carries key material or plaintext. */
public final class VaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
