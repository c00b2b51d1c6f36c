package com.workestra.email.linker.internal;

import com.workestra.email.store.LinkStore.StoredMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The counterparties of a message: From, To and Cc minus the mailbox itself and the workspace's own addresses. */
public final class Counterparties {

    private final Set<String> ownDomains;

    /**
     * Uses the configured own domains.
     *
     * @param ownDomains domains of the workspace (lower-case, without {@code @}); mail of these is never linked
     */
    public Counterparties(Collection<String> ownDomains) {
        Set<String> d = new LinkedHashSet<>();
        for (String s : ownDomains) {
            String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
            if (v.startsWith("@")) {
                v = v.substring(1);
            }
            if (!v.isEmpty()) {
                d.add(v);
            }
        }
        this.ownDomains = Set.copyOf(d);
    }

    /**
     * The counterparty addresses of a message, lower-cased, in order of appearance.
     *
     * @param message the message
     * @param ownAddresses the addresses of every connection of the workspace
     */
    public List<String> of(StoredMessage message, Set<String> ownAddresses) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        List<String> all = new ArrayList<>();
        if (message.fromAddress() != null) {
            all.add(message.fromAddress());
        }
        all.addAll(message.recipients());
        for (String a : all) {
            String v = a == null ? "" : a.strip().toLowerCase(Locale.ROOT);
            if (v.isEmpty() || v.indexOf('@') < 1 || v.equals(message.mailboxAddress()) || ownAddresses.contains(v)
                    || isOwnDomain(v)) {
                continue;
            }
            out.add(v);
        }
        return List.copyOf(out);
    }

    /** Whether the address belongs to one of the own domains (or a subdomain of one). */
    boolean isOwnDomain(String address) {
        String domain = address.substring(address.lastIndexOf('@') + 1);
        for (String own : ownDomains) {
            if (domain.equals(own) || domain.endsWith("." + own)) {
                return true;
            }
        }
        return false;
    }
}
