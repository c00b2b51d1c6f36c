package com.workestra.email.outbound.internal;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;

/** Parses recipient lists strictly as RFC 5322 mailboxes (one address per entry, no groups, no line breaks). */
final class Recipients {

    /** Most recipients of one message (To, Cc and Bcc together). */
    static final int MAX_TOTAL = 500;
    private static final int MAX_LENGTH = 998;

    private Recipients() {
    }

    /**
     * Parses one list.
     *
     * @param field the request field, named in the refusal
     * @throws com.workestra.email.api.ApiException 400 naming the field for any entry that is not one valid address
     */
    static List<InternetAddress> parse(String field, List<String> values) {
        List<InternetAddress> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v == null || v.isBlank()) {
                throw Fields.bad(field, "Entry " + (i + 1) + " of " + field + " is empty.");
            }
            if (v.length() > MAX_LENGTH || Text.hasControl(v)) {
                throw Fields.bad(field, "Entry " + (i + 1) + " of " + field + " is not a valid email address.");
            }
            InternetAddress a;
            try {
                InternetAddress[] parsed = InternetAddress.parseHeader(v.trim(), true);
                if (parsed.length != 1) {
                    throw new AddressException("one address expected");
                }
                a = parsed[0];
                a.validate();
            } catch (AddressException e) {
                throw Fields.bad(field, "Entry " + (i + 1) + " of " + field + " is not a valid email address.");
            }
            if (a.isGroup() || a.getAddress() == null || !a.getAddress().contains("@")
                    || a.getAddress().indexOf('@') == a.getAddress().length() - 1) {
                throw Fields.bad(field, "Entry " + (i + 1) + " of " + field + " is not a valid email address.");
            }
            out.add(a);
        }
        return out;
    }
}
