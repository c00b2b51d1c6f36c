package com.workestra.email.spi;

import java.util.List;

/** Host SPI: the recruiting module's candidates and their applications. */
public interface RecruitingDirectory {

    /** Candidates of the workspace known by one of these addresses. */
    List<HostPerson> candidatesByEmail(String workspaceId, List<String> emails);

    /**
     * Finds the candidate with this address or creates one, and records an application that arrived by mail.
     *
     * @return the candidate
     */
    HostPerson applyByEmail(String workspaceId, String email, String name, String subject);
}
