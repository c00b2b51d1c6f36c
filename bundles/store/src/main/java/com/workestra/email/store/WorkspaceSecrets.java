package com.workestra.email.store;

/**
 * Seals and opens secrets of a workspace (for example the Resend API key) with the store's token vault
 * (AES-256-GCM, key rotation aware). A sealed value is bound to its workspace and purpose: it cannot be opened for
 * another workspace or purpose.
 */
public interface WorkspaceSecrets {

    /** Purpose of a workspace's Resend API key. */
    String RESEND_API_KEY = "resend-api-key";

    /** Purpose of the signing secret of a workspace's Resend webhook. */
    String RESEND_WEBHOOK_SECRET = "resend-webhook-secret";

    /**
     * Encrypts a secret.
     *
     * @param workspaceId the workspace the secret belongs to
     * @param purpose what the secret is, for example {@code resend-api-key}
     * @param plaintext the secret
     * @return text safe for a varchar column; never contains the plaintext
     */
    String seal(String workspaceId, String purpose, String plaintext);

    /**
     * Decrypts a secret sealed by {@link #seal}.
     *
     * @param workspaceId the workspace the secret belongs to
     * @param purpose the purpose it was sealed for
     * @param sealed the sealed text
     * @return the secret
     * @throws IllegalStateException when the text was altered, belongs to another workspace or purpose, or its key is
     *     no longer configured
     */
    String open(String workspaceId, String purpose, String sealed);
}
