package com.workestra.email.connector.outlook.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.workestra.email.spi.ProviderException;

/**
 * The incremental cursor of a mailbox, both folders' delta links as a small JSON object, and the page token of a
 * changes round, which adds the folder being read and the link to follow next. Opaque to the sync engine.
 */
record DeltaCursor(String inbox, String sent) {

    /** Where a changes round is: the folder, the link to follow, and the cursor as it will be at the end. */
    record Position(String folder, String link, DeltaCursor cursor) {

        String encode() {
            JsonObject o = cursor.json();
            o.addProperty("folder", folder);
            o.addProperty("link", link);
            return o.toString();
        }

        static Position decode(String token) throws ProviderException {
            JsonObject o = parse(token);
            String folder = text(o, "folder");
            if (!Mailboxes.INBOX.equals(folder) && !Mailboxes.SENT.equals(folder)) {
                throw GraphErrors.cursorExpired(null);
            }
            return new Position(folder, text(o, "link"), new DeltaCursor(text(o, "inbox"), text(o, "sent")));
        }
    }

    String encode() {
        return json().toString();
    }

    /** The link of a folder. */
    String link(String folder) {
        return Mailboxes.INBOX.equals(folder) ? inbox : sent;
    }

    /** This cursor with one folder's link replaced. */
    DeltaCursor with(String folder, String link) {
        return Mailboxes.INBOX.equals(folder) ? new DeltaCursor(link, sent) : new DeltaCursor(inbox, link);
    }

    /** Parses a stored cursor; anything unreadable counts as expired, so the engine re-lists. */
    static DeltaCursor decode(String cursor) throws ProviderException {
        JsonObject o = parse(cursor);
        return new DeltaCursor(text(o, "inbox"), text(o, "sent"));
    }

    private JsonObject json() {
        JsonObject o = new JsonObject();
        o.addProperty("inbox", inbox);
        o.addProperty("sent", sent);
        return o;
    }

    private static JsonObject parse(String s) throws ProviderException {
        try {
            JsonElement e = JsonParser.parseString(s == null ? "" : s);
            if (e.isJsonObject()) {
                return e.getAsJsonObject();
            }
        } catch (RuntimeException e) {
            throw GraphErrors.cursorExpired(e);
        }
        throw GraphErrors.cursorExpired(null);
    }

    private static String text(JsonObject o, String key) throws ProviderException {
        JsonElement v = o.get(key);
        if (v == null || !v.isJsonPrimitive() || v.getAsString().isBlank()) {
            throw GraphErrors.cursorExpired(null);
        }
        return v.getAsString();
    }
}
