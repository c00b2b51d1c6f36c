package com.workestra.email.store.internal;

import com.workestra.email.store.WorkspaceSecrets;
import java.util.Objects;

/** {@link WorkspaceSecrets} through the store's {@link Sealer}: {@code workspace:<id>:<purpose>} as additional data. */
final class SealerWorkspaceSecrets implements WorkspaceSecrets {

    private final Sealer sealer;

    SealerWorkspaceSecrets(Sealer sealer) {
        this.sealer = sealer;
    }

    @Override
    public String seal(String workspaceId, String purpose, String plaintext) {
        return sealer.seal(aad(workspaceId, purpose), Objects.requireNonNull(plaintext, "plaintext"));
    }

    @Override
    public String open(String workspaceId, String purpose, String sealed) {
        try {
            return sealer.open(aad(workspaceId, purpose), Objects.requireNonNull(sealed, "sealed"));
        } catch (RuntimeException e) {
            throw new IllegalStateException("The " + purpose + " of workspace " + workspaceId
                    + " cannot be opened: " + e.getMessage(), e);
        }
    }

    static String aad(String workspaceId, String purpose) {
        return "workspace:" + Objects.requireNonNull(workspaceId, "workspaceId") + ":"
                + Objects.requireNonNull(purpose, "purpose");
    }
}
