package com.workestra.email.sandbox.mail;

import com.workestra.email.sandbox.Provider;
import com.workestra.email.sandbox.Settings;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** All emulated mailboxes (Gmail and Outlook), keyed by lower-case address, plus the change listeners. */
public final class MailStore {

    private static final Logger LOG = LoggerFactory.getLogger(MailStore.class);

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Mailbox> boxes = new ConcurrentHashMap<>();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();

    public MailStore(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Creates an account and generates its messages.
     *
     * @throws IllegalArgumentException when the spec is invalid
     * @throws IllegalStateException    when the address is taken
     */
    public Mailbox create(AccountSpec spec) {
        if (spec.provider() != Provider.GMAIL && spec.provider() != Provider.OUTLOOK) {
            throw new IllegalArgumentException("provider must be gmail or outlook");
        }
        if (spec.address() == null || !spec.address().contains("@")) {
            throw new IllegalArgumentException("address must be an email address");
        }
        if (spec.messages() < 0 || spec.spanDays() <= 0) {
            throw new IllegalArgumentException("messages must be >= 0 and spanDays > 0");
        }
        String key = spec.address().toLowerCase(Locale.ROOT);
        String name = spec.displayName() != null && !spec.displayName().isBlank() ? spec.displayName()
                : displayNameOf(spec.address());
        Account account = new Account(spec.provider(), spec.address(), name,
                spec.sharedWith() == null ? List.of() : List.copyOf(spec.sharedWith()), spec.seed(), now());
        Mailbox box = new Mailbox(account, this);
        if (boxes.putIfAbsent(key, box) != null) {
            throw new IllegalStateException("account exists: " + spec.address());
        }
        Instant end = spec.until() != null ? spec.until() : now().truncatedTo(ChronoUnit.MINUTES);
        long t0 = System.nanoTime();
        GeneratedMail.populate(box, spec.messages(), spec.seed(), spec.spanDays(), end.toEpochMilli());
        LOG.info("mailbox {}: created ({} {} messages in {} ms)", key, spec.provider().id(), spec.messages(),
                (System.nanoTime() - t0) / 1_000_000);
        return box;
    }

    /** The mailbox of an address (case-insensitive), or null. */
    public Mailbox mailbox(String address) {
        return address == null ? null : boxes.get(address.toLowerCase(Locale.ROOT));
    }

    /** The mailbox of an address when it belongs to {@code provider}, or null. */
    public Mailbox mailbox(Provider provider, String address) {
        Mailbox b = mailbox(address);
        return b != null && b.provider() == provider ? b : null;
    }

    /** Every mailbox of a provider, sorted by address. */
    public List<Mailbox> mailboxes(Provider provider) {
        List<Mailbox> out = new ArrayList<>();
        boxes.values().forEach(b -> {
            if (b.provider() == provider) {
                out.add(b);
            }
        });
        out.sort((a, b) -> a.account().key().compareTo(b.account().key()));
        return out;
    }

    /** Registers a listener for every change of every mailbox (kept across {@link #reset()}). */
    public void addListener(ChangeListener listener) {
        listeners.add(listener);
    }

    /** Forgets every mailbox (listeners stay). */
    public void reset() {
        boxes.clear();
    }

    public Settings settings() {
        return settings;
    }

    public Instant now() {
        return clock.instant();
    }

    void fire(Mailbox box, Change change) {
        for (ChangeListener l : listeners) {
            try {
                l.changed(box, change);
            } catch (RuntimeException e) {
                LOG.warn("mailbox {}: change listener failed: {}", box.account().key(), e.toString());
            }
        }
    }

    private static String displayNameOf(String address) {
        String local = address.substring(0, address.indexOf('@'));
        StringBuilder out = new StringBuilder();
        for (String w : local.split("[._-]+")) {
            if (!w.isEmpty()) {
                out.append(out.length() > 0 ? " " : "").append(Character.toUpperCase(w.charAt(0)))
                        .append(w.substring(1));
            }
        }
        return out.toString();
    }
}
