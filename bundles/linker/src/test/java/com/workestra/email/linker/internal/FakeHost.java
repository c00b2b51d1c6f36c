package com.workestra.email.linker.internal;

import com.workestra.email.spi.CrmDirectory;
import com.workestra.email.spi.HostPerson;
import com.workestra.email.spi.RecruitingDirectory;
import com.workestra.email.spi.SupportDesk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory host: CRM contacts and deals, tickets, candidates (records created through it are counted). */
final class FakeHost implements CrmDirectory, SupportDesk, RecruitingDirectory {

    final List<HostPerson> records = new CopyOnWriteArrayList<>();
    final Map<String, List<String>> dealContacts = new ConcurrentHashMap<>();
    final List<String> createdTickets = new CopyOnWriteArrayList<>();
    final List<String> applications = new CopyOnWriteArrayList<>();
    private int next = 1;

    synchronized HostPerson add(String module, String type, String ws, String name, String... emails) {
        HostPerson p = new HostPerson(module, type, type.substring(0, 1).toUpperCase() + "-" + next++, ws, name,
                List.of(emails));
        records.add(p);
        return p;
    }

    HostPerson deal(String ws, String name, String... contactIds) {
        HostPerson d = add("crm", "deal", ws, name);
        dealContacts.put(d.objectId(), List.of(contactIds));
        return d;
    }

    private List<HostPerson> byEmail(String ws, String type, List<String> emails) {
        List<HostPerson> out = new ArrayList<>();
        for (HostPerson p : records) {
            if (p.workspaceId().equals(ws) && p.objectType().equals(type)
                    && p.emails().stream().anyMatch(emails::contains)) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public List<HostPerson> contactsByEmail(String workspaceId, List<String> emails) {
        return byEmail(workspaceId, "contact", emails);
    }

    @Override
    public List<HostPerson> dealsOfContact(String workspaceId, String contactId) {
        return records.stream().filter(p -> p.objectType().equals("deal") && p.workspaceId().equals(workspaceId)
                && dealContacts.getOrDefault(p.objectId(), List.of()).contains(contactId)).toList();
    }

    @Override
    public List<HostPerson> ticketsByRequester(String workspaceId, List<String> emails) {
        return byEmail(workspaceId, "ticket", emails);
    }

    @Override
    public HostPerson createTicket(String workspaceId, String requesterEmail, String requesterName, String subject) {
        HostPerson t = add("support", "ticket", workspaceId, subject, requesterEmail);
        createdTickets.add(t.objectId());
        return t;
    }

    @Override
    public Optional<HostPerson> ticket(String workspaceId, String ticketId) {
        return records.stream().filter(p -> p.objectType().equals("ticket") && p.objectId().equals(ticketId)
                && p.workspaceId().equals(workspaceId)).findFirst();
    }

    @Override
    public List<HostPerson> candidatesByEmail(String workspaceId, List<String> emails) {
        return byEmail(workspaceId, "candidate", emails);
    }

    @Override
    public HostPerson applyByEmail(String workspaceId, String email, String name, String subject) {
        applications.add(email);
        List<HostPerson> known = candidatesByEmail(workspaceId, List.of(email));
        return known.isEmpty() ? add("recruiting", "candidate", workspaceId, name, email) : known.get(0);
    }
}
