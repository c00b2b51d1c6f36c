package com.workestra.email.store.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The search condition on email_message {@code m}, on the full-text index of each database: PostgreSQL matches the
 * stored tsvector (GIN; filled by {@link SearchIndexer}, computed on the fly for rows it has not reached yet) of
 * subject, sender and body, or the GIN-indexed tsvector of an address row, with every word as a prefix; H2 uses its native full-text index (FT_SEARCH_DATA: whole words, all of them, in one row) or an
 * address row starting with the text (index ix_message_address).
 */
final class SearchSql {

    /** The search vector of a message row (PostgreSQL): subject, sender and body text; {@code p} = "m." or "". */
    static String vector(String p) {
        return "to_tsvector('simple', coalesce(" + p + "subject, '') || ' ' || coalesce(" + p + "from_name, '')"
                + " || ' ' || coalesce(" + p + "from_address, '') || ' ' || left(coalesce(" + p + "text_body, ''),"
                + " 100000))";
    }

    /** At most this many words of a query are used. */
    static final int MAX_WORDS = 8;

    private final InboxJdbc db;

    SearchSql(InboxJdbc db) {
        this.db = db;
    }

    String messageCondition() {
        if (db.postgres()) {
            // rows the search indexer has not reached yet are matched on their vector computed now
            return "(m.search_tsv @@ to_tsquery('simple', ?) OR (m.search_tsv IS NULL AND "
                    + vector("m.") + " @@ to_tsquery('simple', ?))"
                    + " OR EXISTS (SELECT 1 FROM email_message_address a"
                    + " WHERE a.message_id = m.id AND to_tsvector('simple', a.address || ' ' || coalesce(a.name, ''))"
                    + " @@ to_tsquery('simple', ?)))";
        }
        return "(m.id IN (SELECT CAST(f.KEYS[1] AS VARCHAR(36)) FROM FT_SEARCH_DATA(?, 0, 0) f"
                + " WHERE f.\"TABLE\" = 'EMAIL_MESSAGE') OR EXISTS (SELECT 1 FROM email_message_address a"
                + " WHERE a.message_id = m.id AND a.address LIKE ? ESCAPE '!'))";
    }

    List<Object> messageArgs(String text) {
        if (db.postgres()) {
            String q = tsQuery(text);
            return List.of(q, q, q);
        }
        String prefix = text.strip().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                .replace("_", "!_") + "%";
        return List.of(text.strip(), prefix);
    }

    /**
     * A tsquery of the words of free text: each word quoted (so no operator of the user's text is interpreted) and
     * matched as a prefix, all words required.
     */
    static String tsQuery(String text) {
        List<String> terms = new ArrayList<>();
        for (String w : text.strip().toLowerCase(Locale.ROOT).split("\\s+")) {
            String clean = w.replace("'", "").replace("\\", "").replace(":", "");
            if (!clean.isEmpty() && terms.size() < MAX_WORDS) {
                terms.add("'" + clean + "':*");
            }
        }
        return terms.isEmpty() ? "''" : String.join(" & ", terms);
    }
}
