package com.workestra.email.sandbox.mail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Gmail system label ids and a pool of canonical label lists (a million messages share a handful of lists). */
public final class Labels {

    public static final String INBOX = "INBOX";
    public static final String SENT = "SENT";
    public static final String UNREAD = "UNREAD";
    public static final String STARRED = "STARRED";
    public static final String IMPORTANT = "IMPORTANT";
    public static final String TRASH = "TRASH";
    public static final String SPAM = "SPAM";
    public static final String DRAFT = "DRAFT";
    public static final String CATEGORY_PERSONAL = "CATEGORY_PERSONAL";
    public static final String CATEGORY_UPDATES = "CATEGORY_UPDATES";

    /** System labels every Gmail mailbox has, in Gmail's labels.list order. */
    public static final List<String> SYSTEM = List.of(INBOX, SENT, UNREAD, STARRED, IMPORTANT, TRASH, SPAM, DRAFT,
            CATEGORY_PERSONAL, CATEGORY_UPDATES, "CATEGORY_SOCIAL", "CATEGORY_PROMOTIONS", "CATEGORY_FORUMS");

    private static final Map<List<String>, List<String>> POOL = new ConcurrentHashMap<>();

    private Labels() {
    }

    /** The canonical (sorted, immutable, shared) list holding these labels. */
    public static List<String> of(Collection<String> labels) {
        List<String> sorted = List.copyOf(new TreeSet<>(labels));
        return POOL.computeIfAbsent(sorted, k -> k);
    }

    /** {@code base} plus {@code add} minus {@code remove}, canonical. */
    public static List<String> apply(List<String> base, Collection<String> add, Collection<String> remove) {
        TreeSet<String> s = new TreeSet<>(base);
        s.addAll(add);
        s.removeAll(remove);
        return of(s);
    }

    /** Elements of {@code a} missing from {@code b}. */
    static List<String> minus(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>();
        for (String x : a) {
            if (!b.contains(x)) {
                out.add(x);
            }
        }
        return List.copyOf(out);
    }
}
