package com.workestra.email.api;

import java.util.Objects;

/**
 * The signed-in host user on whose behalf a call is made.
 *
 * @param workspaceId the workspace every object of this call belongs to
 * @param userId the user's id in the host
 * @param email the user's own address (used to tell the mailbox owner from counterparties)
 * @param displayName a name to show
 * @param admin whether the user may change workspace-wide settings
 * @param service whether this is a host module's service credential rather than a person (it may post
 *     notifications for the users of its workspace)
 */
public record Caller(String workspaceId, String userId, String email, String displayName, boolean admin,
        boolean service) {

    /** Validates the mandatory ids. */
    public Caller {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(userId, "userId");
    }

    /** A person (not a service credential). */
    public Caller(String workspaceId, String userId, String email, String displayName, boolean admin) {
        this(workspaceId, userId, email, displayName, admin, false);
    }
}
