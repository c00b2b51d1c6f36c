package com.workestra.email.store.internal;

import com.workestra.email.store.internal.vault.TokenVault;

/** The {@link Sealer} of the store: AES-256-GCM through the token vault, the row's id as additional data. */
final class VaultSealer implements Sealer {

    private final TokenVault vault;

    VaultSealer(TokenVault vault) {
        this.vault = vault;
    }

    @Override
    public String seal(String additionalData, String plaintext) {
        return vault.sealString(additionalData, plaintext);
    }

    @Override
    public String open(String additionalData, String sealed) {
        return vault.openString(additionalData, sealed);
    }
}
