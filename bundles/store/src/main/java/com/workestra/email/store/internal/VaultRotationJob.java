package com.workestra.email.store.internal;

import com.workestra.email.store.internal.vault.VaultRotation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-encrypts every sealed column (tokens, subscription client states, PKCE verifiers, workspace secrets) sealed
 * with an older key under the active key, a bounded slice per tick of the HOST scheduler,
 * so a key rotation needs no downtime. Safe on several nodes at once: replacements are compare-and-set.
 */
final class VaultRotationJob implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(VaultRotationJob.class);
    private static final int BATCHES_PER_TICK = 10;

    private final VaultRotation rotation;

    VaultRotationJob(VaultRotation rotation) {
        this.rotation = rotation;
    }

    @Override
    public void run() {
        try {
            VaultRotation.Result r = rotation.rotateAll(BATCHES_PER_TICK);
            if (r.rotated() > 0 || r.failed() > 0) {
                LOG.info("Token vault rotation: {} re-encrypted, {} unreadable, finished={}", r.rotated(),
                        r.failed(), r.finished());
            }
        } catch (RuntimeException e) {
            LOG.warn("Token vault rotation failed this time: {}", e.getMessage());
        }
    }
}
