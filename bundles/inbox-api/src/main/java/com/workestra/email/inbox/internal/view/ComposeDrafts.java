package com.workestra.email.inbox.internal.view;

import com.workestra.email.store.InboxStore.StoredMessage;
import com.workestra.email.store.MessageData.Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a reply, a reply-all and a forward of a message start with, as mail clients suggest it: a reply goes to
 * Reply-To (else From), or back to the original To recipients when the mailbox sent the message itself; a reply-all
 * copies the other To and Cc recipients except the user's own addresses; subjects get one Re:/Fwd: prefix.
 *
 * @param reply recipients and subject of a reply
 * @param replyAll recipients and subject of a reply to all
 * @param forward subject of a forward
 */
public record ComposeDrafts(Draft reply, Draft replyAll, Forward forward) {

    /** Header the sync engine stores the Reply-To mailboxes under (read back lower-case). */
    static final String REPLY_TO = "reply-to";
    private static final Pattern REPLIED = Pattern.compile("(?i)^(re|aw|sv) *:.*", Pattern.DOTALL);
    private static final Pattern FORWARDED = Pattern.compile("(?i)^(fwd|fw|wg) *:.*", Pattern.DOTALL);

    /**
     * Suggested recipients and subject.
     *
     * @param to recipients
     * @param cc copy recipients
     * @param subject subject
     */
    public record Draft(List<Address> to, List<Address> cc, String subject) {
    }

    /**
     * Suggested forward.
     *
     * @param subject subject
     */
    public record Forward(String subject) {
    }

    /**
     * The drafts of a stored message.
     *
     * @param m the message
     * @param mailboxAddress the address of the message's own mailbox, or null when unknown (sent mail is then told by
     *        its folder)
     * @param ownAddresses the addresses of all the user's mailboxes (any case), left out of reply-all copies
     */
    public static ComposeDrafts of(StoredMessage m, String mailboxAddress, Set<String> ownAddresses) {
        Set<String> own = ownAddresses.stream().map(ComposeDrafts::key).collect(Collectors.toSet());
        List<Address> to;
        List<Address> cc;
        if (sentByMailbox(m, mailboxAddress)) {
            // own sent mail: answer its recipients again (yourself only when you were the only one)
            List<Address> others = without(distinct(m.to()), own);
            to = others.isEmpty() ? distinct(m.to()) : others;
            cc = without(distinct(m.cc()), own);
        } else {
            List<Address> replyTo = parse(m.headers().get(REPLY_TO));
            to = distinct(!replyTo.isEmpty() ? replyTo : m.from() == null ? List.of() : List.of(m.from()));
            List<Address> copies = new ArrayList<>(m.to());
            copies.addAll(m.cc());
            cc = without(distinct(copies), own);
        }
        cc = without(cc, to.stream().map(a -> key(a.address())).toList());
        String re = prefixed(m.subject(), REPLIED, "Re: ");
        return new ComposeDrafts(new Draft(to, List.of(), re), new Draft(to, cc, re),
                new Forward(prefixed(m.subject(), FORWARDED, "Fwd: ")));
    }

    private static boolean sentByMailbox(StoredMessage m, String mailboxAddress) {
        boolean fromMailbox = mailboxAddress != null && m.from() != null
                && key(m.from().address()).equals(key(mailboxAddress));
        return fromMailbox || m.folders().stream().anyMatch(f -> "sent".equalsIgnoreCase(f));
    }

    private static String prefixed(String subject, Pattern already, String prefix) {
        String s = subject == null ? "" : subject.strip();
        return already.matcher(s).matches() ? s : (prefix + s).strip();
    }

    private static String key(String address) {
        return address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    }

    /** First occurrence of each address (case-insensitive) with its display name; blank addresses dropped. */
    private static List<Address> distinct(List<Address> addresses) {
        Map<String, Address> seen = new LinkedHashMap<>();
        for (Address a : addresses) {
            if (a != null && !key(a.address()).isEmpty()) {
                seen.putIfAbsent(key(a.address()), a);
            }
        }
        return List.copyOf(seen.values());
    }

    private static List<Address> without(List<Address> addresses, Collection<String> keys) {
        return addresses.stream().filter(a -> !keys.contains(key(a.address()))).toList();
    }

    /** Reads the stored Reply-To ({@code Name <addr>, "Name, with specials" <addr>, addr}). */
    static List<Address> parse(String header) {
        List<Address> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        StringBuilder item = new StringBuilder();
        boolean quoted = false;
        boolean angle = false;
        for (int i = 0; i < header.length(); i++) {
            char ch = header.charAt(i);
            if (quoted && ch == '\\' && i + 1 < header.length()) {
                item.append(ch).append(header.charAt(++i));
                continue;
            }
            if (ch == '"' && !angle) {
                quoted = !quoted;
            } else if (ch == '<' && !quoted) {
                angle = true;
            } else if (ch == '>' && !quoted) {
                angle = false;
            } else if (ch == ',' && !quoted && !angle) {
                add(out, item.toString());
                item.setLength(0);
                continue;
            }
            item.append(ch);
        }
        add(out, item.toString());
        return out;
    }

    private static void add(List<Address> out, String item) {
        String s = item.strip();
        int open = s.lastIndexOf('<');
        int close = s.lastIndexOf('>');
        String address = open >= 0 && close > open ? s.substring(open + 1, close) : s;
        String name = open >= 0 && close > open ? s.substring(0, open).strip() : "";
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        address = address.strip();
        if (address.indexOf('@') > 0) {
            out.add(new Address(address.toLowerCase(Locale.ROOT), name.isEmpty() ? null : name));
        }
    }
}
