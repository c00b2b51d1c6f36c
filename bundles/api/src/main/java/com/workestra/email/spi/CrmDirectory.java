package com.workestra.email.spi;

import java.util.List;

/** Host SPI: the CRM module's contacts and deals, looked up by address. */
public interface CrmDirectory {

    /** Contacts of the workspace known by one of these addresses. */
    List<HostPerson> contactsByEmail(String workspaceId, List<String> emails);

    /** Deals a contact takes part in. */
    List<HostPerson> dealsOfContact(String workspaceId, String contactId);
}
