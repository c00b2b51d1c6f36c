package com.workestra.email.sandbox.mail;

/** What happened to a message in one change-log entry. */
public enum ChangeKind {
    ADDED, UPDATED, DELETED
}
