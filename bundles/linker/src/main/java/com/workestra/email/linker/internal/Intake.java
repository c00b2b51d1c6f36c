package com.workestra.email.linker.internal;

import com.workestra.email.spi.HostPerson;
import com.workestra.email.store.LinkStore;
import com.workestra.email.store.LinkStore.StoredMessage;
import com.workestra.email.store.LinkStore.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake mailboxes: a support intake turns each new inbound conversation into one host ticket and appends later
 * messages of the conversation (same thread, In-Reply-To/References, or a {@code [#ticketId]} token in the subject)
 * to it; a recruiting intake turns inbound mail into a candidate application with its attachment metadata. Machine
 * mail ({@link AutoMailClassifier}) and the mailbox's own sends never open anything.
 */
public final class Intake {

    /** Support intake module name. */
    public static final String SUPPORT = "support";
    /** Recruiting intake module name. */
    public static final String RECRUITING = "recruiting";

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    private static final Pattern TICKET_TOKEN = Pattern.compile("\\[#([A-Za-z0-9][A-Za-z0-9._:-]{0,99})\\]");

    private final LinkStore store;

    /** Uses the link store. */
    public Intake(LinkStore store) {
        this.store = store;
    }

    /**
     * Handles one message of an intake mailbox.
     *
     * @param m the message (its connection has an intake module)
     * @param hosts the host directories
     * @param ownAddresses the workspace's connection addresses
     * @param now the current time
     */
    public void handle(StoredMessage m, HostDirectories hosts, Set<String> ownAddresses, Instant now) {
        if (SUPPORT.equals(m.intakeModule()) && hosts.support() != null) {
            support(m, hosts, ownAddresses, now);
        } else if (RECRUITING.equals(m.intakeModule()) && hosts.recruiting() != null) {
            recruiting(m, hosts, ownAddresses, now);
        }
    }

    private void support(StoredMessage m, HostDirectories hosts, Set<String> ownAddresses, Instant now) {
        if (alreadyLinked(m, SUPPORT, "ticket")) {
            return;
        }
        Optional<Target> existing = conversationTarget(m, SUPPORT, "ticket");
        if (m.inSent()) {
            // our own reply from the intake: part of its ticket's conversation, never a new ticket
            existing.ifPresent(t -> store.link(m.id(), m.workspaceId(), List.of(t), LinkStore.SOURCE_INTAKE, now));
            return;
        }
        if (!personal(m, ownAddresses)) {
            return;
        }
        if (existing.isEmpty()) {
            existing = subjectToken(m, hosts);
        }
        Target target = existing.orElseGet(() -> {
            HostPerson ticket = hosts.support().createTicket(m.workspaceId(), m.fromAddress(), m.fromName(),
                    m.subject() == null || m.subject().isBlank() ? "(no subject)" : m.subject());
            LOG.debug("mailbox {}: new conversation became ticket {}", m.connectionId(), ticket.objectId());
            return new Target(SUPPORT, "ticket", ticket.objectId());
        });
        store.link(m.id(), m.workspaceId(), List.of(target), LinkStore.SOURCE_INTAKE, now);
    }

    private void recruiting(StoredMessage m, HostDirectories hosts, Set<String> ownAddresses, Instant now) {
        if (alreadyLinked(m, RECRUITING, "candidate")) {
            return;
        }
        Optional<Target> existing = conversationTarget(m, RECRUITING, "candidate");
        if (m.inSent()) {
            existing.ifPresent(t -> store.link(m.id(), m.workspaceId(), List.of(t), LinkStore.SOURCE_INTAKE, now));
            return;
        }
        if (!personal(m, ownAddresses)) {
            return;
        }
        if (existing.isPresent()) {
            store.link(m.id(), m.workspaceId(), List.of(existing.get()), LinkStore.SOURCE_INTAKE, now);
            return;
        }
        HostPerson candidate = hosts.recruiting().applyByEmail(m.workspaceId(), m.fromAddress(), m.fromName(),
                m.subject());
        store.link(m.id(), m.workspaceId(), List.of(new Target(RECRUITING, "candidate", candidate.objectId())),
                LinkStore.SOURCE_INTAKE, now);
        store.recordApplication(m, candidate.objectId(), now);
        LOG.debug("mailbox {}: application recorded for candidate {}", m.connectionId(), candidate.objectId());
    }

    /** Whether the message was handled before (a retried slice, or linked when it was sent). */
    private boolean alreadyLinked(StoredMessage m, String module, String objectType) {
        return store.links(m.id()).stream()
                .anyMatch(t -> module.equals(t.module()) && objectType.equals(t.objectType()));
    }

    /** Whether a person outside the workspace wrote it (not our own mailboxes, not machine mail). */
    private static boolean personal(StoredMessage m, Set<String> ownAddresses) {
        if (m.fromAddress() == null || m.fromAddress().equals(m.mailboxAddress())
                || ownAddresses.contains(m.fromAddress())) {
            return false;
        }
        String reason = AutoMailClassifier.reason(m.headers(), m.fromAddress(), m.subject(), m.attachments());
        if (reason != null) {
            LOG.debug("mailbox {}: message {} is machine mail ({}), no intake", m.connectionId(), m.id(), reason);
            return false;
        }
        return true;
    }

    private Optional<Target> conversationTarget(StoredMessage m, String module, String objectType) {
        List<String> ids = new ArrayList<>();
        if (m.inReplyTo() != null) {
            ids.add(m.inReplyTo());
        }
        ids.addAll(m.references());
        return store.intakeTarget(m, module, objectType, ids);
    }

    private static Optional<Target> subjectToken(StoredMessage m, HostDirectories hosts) {
        if (m.subject() == null) {
            return Optional.empty();
        }
        Matcher t = TICKET_TOKEN.matcher(m.subject());
        while (t.find()) {
            Optional<HostPerson> ticket = hosts.support().ticket(m.workspaceId(), t.group(1));
            if (ticket.isPresent()) {
                return Optional.of(new Target(SUPPORT, "ticket", ticket.get().objectId()));
            }
        }
        return Optional.empty();
    }
}
