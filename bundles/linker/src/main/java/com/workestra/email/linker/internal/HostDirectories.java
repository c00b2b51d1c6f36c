package com.workestra.email.linker.internal;

import com.workestra.email.spi.CrmDirectory;
import com.workestra.email.spi.RecruitingDirectory;
import com.workestra.email.spi.SupportDesk;

/**
 * The host directories available right now; a module whose directory the host does not provide is simply not linked.
 *
 * @param crm CRM contacts and deals, or null
 * @param support support tickets, or null
 * @param recruiting recruiting candidates, or null
 */
public record HostDirectories(CrmDirectory crm, SupportDesk support, RecruitingDirectory recruiting) {
}
