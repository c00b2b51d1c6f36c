package com.workestra.email.spi;

import java.util.List;
import java.util.Optional;

/** Host SPI: the support module's tickets. */
public interface SupportDesk {

    /** Open tickets whose requester uses one of these addresses. */
    List<HostPerson> ticketsByRequester(String workspaceId, List<String> emails);

    /**
     * Creates a ticket for a new inbound conversation.
     *
     * @return the new ticket
     */
    HostPerson createTicket(String workspaceId, String requesterEmail, String requesterName, String subject);

    /** A ticket by id, if it exists in the workspace. */
    Optional<HostPerson> ticket(String workspaceId, String ticketId);
}
