package com.workestra.email.api.panel;

import com.workestra.email.api.Caller;
import java.time.Instant;
import java.util.List;

/**
 * The Recruiting module's email panel: a candidate's Email tab and the applications that arrived by mail. Only mail
 * of mailboxes the caller may read is ever returned.
 */
public interface RecruitingPanel {

    /**
     * Threads linked to a candidate.
     *
     * @param caller the signed-in user
     * @param candidateId the host's candidate id
     * @param cursor the previous page's {@code nextCursor}, or null
     * @param limit page size (1..200)
     * @return newest first
     */
    ThreadPage candidateThreads(Caller caller, String candidateId, String cursor, int limit);

    /**
     * Applications of a candidate that arrived through a recruiting intake mailbox, newest first.
     *
     * @param caller the signed-in user
     * @param candidateId the host's candidate id
     * @return the applications with their attachment metadata
     */
    List<Application> applications(Caller caller, String candidateId);

    /**
     * An application that arrived by mail.
     *
     * @param messageId the message that carried it
     * @param connectionId the intake mailbox
     * @param subject the message's subject
     * @param receivedAt when it arrived
     * @param files attachment metadata (the résumé)
     */
    record Application(String messageId, String connectionId, String subject, Instant receivedAt,
            List<FileInfo> files) {

        /** Copies the files. */
        public Application {
            files = files == null ? List.of() : List.copyOf(files);
        }
    }

    /**
     * Attachment metadata (content is never stored).
     *
     * @param name file name
     * @param contentType media type
     * @param sizeBytes decoded size
     */
    record FileInfo(String name, String contentType, long sizeBytes) {
    }
}
