package com.workestra.email.store.internal;

/** Seals secrets before they reach the database; the additional data binds a ciphertext to its row. */
interface Sealer {

    /** Encrypts; the result is text safe for a varchar column. */
    String seal(String additionalData, String plaintext);

    /** Decrypts and authenticates; fails when the text was tampered with or belongs to another row. */
    String open(String additionalData, String sealed);
}
