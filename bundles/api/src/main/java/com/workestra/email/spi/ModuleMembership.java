package com.workestra.email.spi;

import java.util.Set;

/**
 * Host SPI: which modules (crm, support, recruiting) a user is a member of. Shared mailboxes and the intake mailboxes
 * of a module are visible in full to its members on that module's panels. Optional: without it nobody is a member.
 */
public interface ModuleMembership {

    /**
     * The modules of a user.
     *
     * @param workspaceId the user's workspace
     * @param userId the user
     * @return module names, empty when none
     */
    Set<String> modules(String workspaceId, String userId);
}
