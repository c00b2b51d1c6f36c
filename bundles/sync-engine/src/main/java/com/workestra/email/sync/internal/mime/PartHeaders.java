package com.workestra.email.sync.internal.mime;

import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.stream.Field;

/** The MIME headers of one entity (the message itself or a body part) that decide how its body is used. */
final class PartHeaders {

    private final String id;
    private final boolean top;
    private final boolean inAlternative;
    private ContentHeader contentType;
    private ContentHeader disposition;
    private String contentId;

    PartHeaders(String id, boolean top, boolean inAlternative) {
        this.id = id;
        this.top = top;
        this.inAlternative = inAlternative;
    }

    void accept(Field field, ParseWarnings warnings) {
        switch (field.getName().toLowerCase(Locale.ROOT)) {
            case "content-type" -> {
                if (contentType == null) {
                    contentType = ContentHeader.parse(HeaderValues.text(field), warnings);
                }
            }
            case "content-disposition" -> {
                if (disposition == null) {
                    disposition = ContentHeader.parse(HeaderValues.text(field), warnings);
                }
            }
            case "content-id" -> {
                if (contentId == null) {
                    String value = HeaderValues.text(field);
                    List<String> ids = HeaderValues.messageIds(value);
                    contentId = ids.isEmpty() ? (value.isBlank() ? null : value) : ids.get(0);
                }
            }
            default -> {
                // not a MIME header that matters here
            }
        }
    }

    /** Id used for numbering children: empty for the message itself. */
    String partId() {
        return id;
    }

    /** Id reported for a leaf: a single-part message is part "1", as in IMAP. */
    String leafId() {
        return id.isEmpty() ? "1" : id;
    }

    boolean top() {
        return top;
    }

    boolean inAlternative() {
        return inAlternative;
    }

    String charset() {
        return contentType == null ? null : contentType.param("charset");
    }

    boolean attachmentDisposition() {
        return disposition != null && "attachment".equals(disposition.value());
    }

    /** Inline when so declared, or when undeclared but referenced by Content-ID (multipart/related). */
    boolean inline() {
        if (disposition != null && !disposition.value().isEmpty()) {
            return "inline".equals(disposition.value());
        }
        return contentId != null;
    }

    String filename() {
        String name = disposition == null ? null : disposition.param("filename");
        if (name == null && contentType != null) {
            name = contentType.param("name");
        }
        return name == null ? null : name.trim();
    }

    String contentId() {
        return contentId;
    }
}
