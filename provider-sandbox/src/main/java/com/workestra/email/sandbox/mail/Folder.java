package com.workestra.email.sandbox.mail;

/** Where a message lives as Graph sees it; derived from the Gmail-style labels (SENT → sent items). */
public enum Folder {
    INBOX("inbox", "Inbox"), SENTITEMS("sentitems", "Sent Items");

    private final String wellKnownName;
    private final String displayName;

    Folder(String wellKnownName, String displayName) {
        this.wellKnownName = wellKnownName;
        this.displayName = displayName;
    }

    /** Graph's well-known folder name: inbox, sentitems. */
    public String wellKnownName() {
        return wellKnownName;
    }

    public String displayName() {
        return displayName;
    }
}
