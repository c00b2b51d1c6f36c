package com.workestra.email.sandbox.microsoft;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.workestra.email.sandbox.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * What delta and skip tokens carry, encoded as base64url JSON, so paging needs no server-side state: the mailbox
 * and folder, the query shape of the round (select, receivedDateTime filter, changeType) and the change-log
 * position {@code since} the round started at. Skip tokens add where the round is: {@code phase} "initial" with
 * {@code before} (the mailbox sequence the next page starts below) or "changes" with {@code upto} (the position the
 * round covers up to) and {@code offset}. A delta token has no phase: its next round returns changes after
 * {@code since}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DeltaState(String mailbox, String folder, String select, Long receivedSince, String changeType, long since,
        String phase, Long before, Long upto, Integer offset) {

    /** The delta token ending a round that covered the log up to {@code position}. */
    DeltaState deltaAt(long position) {
        return new DeltaState(mailbox, folder, select, receivedSince, changeType, position, null, null, null, null);
    }

    DeltaState initialPage(long beforeSequence) {
        return new DeltaState(mailbox, folder, select, receivedSince, changeType, since, "initial", beforeSequence,
                null, null);
    }

    DeltaState changesPage(long uptoPosition, int nextOffset) {
        return new DeltaState(mailbox, folder, select, receivedSince, changeType, since, "changes", null,
                uptoPosition, nextOffset);
    }

    String encode() {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Http.JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a token; null when it is not one of ours. */
    static DeltaState decode(String token) {
        try {
            return Http.JSON.readValue(Base64.getUrlDecoder().decode(token), DeltaState.class);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
