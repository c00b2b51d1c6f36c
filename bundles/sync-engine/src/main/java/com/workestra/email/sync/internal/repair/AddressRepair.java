package com.workestra.email.sync.internal.repair;

import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.MessageStore.StoredAddresses;
import com.workestra.email.sync.internal.sync.MessageMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Repairs address rows stored by the parser that cut one character off an address per non-ASCII character before
 * it in the header. One slice walks a page of a mailbox's messages in id order; a message whose stored names or
 * addresses show the defect's traces (a non-ASCII character in a name or an address, or an address that cannot be
 * real: a domain ending in a dot or a one-letter top-level domain) is fetched again from the provider as raw MIME,
 * parsed by today's parser and upserted (address rows, names, subject, dates replaced). Idempotent (an upsert of the
 * same content changes nothing) and resumable (the position is committed after each slice).
 */
public final class AddressRepair {

    /** Messages checked per slice. */
    static final int PAGE = 200;
    /** Messages fetched again per slice at most (a few provider calls, far below every quota). */
    static final int FETCH = 20;
    private static final Pattern CUT_DOMAIN = Pattern.compile(".*@(.*\\.|[^.]*|.*\\.[^.])$");

    /**
     * What a slice did.
     *
     * @param checked messages looked at
     * @param fetched messages fetched again
     * @param repaired messages whose addresses changed
     * @param finished whether the mailbox's walk is over
     */
    public record Slice(int checked, int fetched, int repaired, boolean finished) {
    }

    private final MessageStore store;
    private final MessageMapper mapper;

    /** Repairs through the store, parsing with the given mapper. */
    public AddressRepair(MessageStore store, MessageMapper mapper) {
        this.store = store;
        this.mapper = mapper;
    }

    /** Whether stored addresses may carry the defect's traces. */
    static boolean suspect(List<MessageData.Address> addresses) {
        for (MessageData.Address a : addresses) {
            if (nonAscii(a.name()) || nonAscii(a.address()) || a.address() != null
                    && CUT_DOMAIN.matcher(a.address()).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean nonAscii(String s) {
        return s != null && s.chars().anyMatch(c -> c > 0x7f);
    }

    /**
     * One slice of a mailbox's walk, from the position after {@code afterId}.
     *
     * @return what it did; the caller commits nothing else (the store records the progress)
     */
    public Slice run(String connectionId, String afterId, MailboxOperations ops, MailboxRef mailbox)
            throws ProviderException {
        List<StoredAddresses> page = store.repairPage(connectionId, afterId, PAGE);
        List<StoredAddresses> suspects = new ArrayList<>();
        String position = afterId;
        int checked = 0;
        for (StoredAddresses m : page) {
            if (suspect(m.addresses())) {
                if (suspects.size() == FETCH) {
                    break; // the rest of the page waits for the next slice
                }
                suspects.add(m);
            }
            position = m.messageId();
            checked++;
        }
        boolean finished = page.size() < PAGE && checked == page.size();
        List<String> relink = new ArrayList<>();
        if (!suspects.isEmpty()) {
            Map<String, StoredAddresses> byProviderId = new HashMap<>();
            suspects.forEach(s -> byProviderId.put(s.providerId(), s));
            List<FetchedMessage> fetched = ops.fetch(mailbox, List.copyOf(byProviderId.keySet()));
            List<MessageData> reparsed = new ArrayList<>();
            for (FetchedMessage f : fetched) {
                MessageData data = mapper.map(f);
                StoredAddresses before = byProviderId.get(data.providerId());
                reparsed.add(data);
                if (before != null && !sameAddresses(before.addresses(), data)) {
                    relink.add(before.messageId());
                }
            }
            if (!reparsed.isEmpty()) {
                store.apply(connectionId, reparsed, List.of(), List.of(), null);
            }
        }
        store.repairProgress(connectionId, position, checked, relink.size(), finished, relink);
        return new Slice(checked, suspects.size(), relink.size(), finished);
    }

    /** Stored rows (from, to, cc, bcc in the store's order) against the re-parsed message. */
    private static boolean sameAddresses(List<MessageData.Address> stored, MessageData data) {
        List<MessageData.Address> fresh = new ArrayList<>();
        if (data.from() != null) {
            fresh.add(data.from());
        }
        fresh.addAll(data.to());
        fresh.addAll(data.cc());
        fresh.addAll(data.bcc());
        if (fresh.size() != stored.size()) {
            return false;
        }
        List<String> a = stored.stream().map(x -> key(x)).sorted().toList();
        List<String> b = fresh.stream().map(x -> key(x)).sorted().toList();
        return a.equals(b);
    }

    private static String key(MessageData.Address a) {
        return a.address().toLowerCase(Locale.ROOT) + "\u0000" + Objects.toString(a.name(), "");
    }
}
