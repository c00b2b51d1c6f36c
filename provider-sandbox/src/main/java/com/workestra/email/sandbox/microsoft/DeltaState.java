package com.workestra.email.sandbox.microsoft;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.workestra.email.sandbox.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * What a delta token carries, encoded as base64url JSON: the mailbox and folder it was issued for, the query shape
 * of the round (select, receivedDateTime filter, changeType) and the change-log position the next round starts
 * after. Skip tokens instead name a server-side page snapshot.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DeltaState(String mailbox, String folder, String select, Long receivedSince, String changeType, long since) {

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
