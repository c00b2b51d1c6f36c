package com.workestra.email.api;

/** Open tracking of sent messages through a pixel served at {@code /t/o/{token}.gif}. */
public interface OpenTracking {

    /**
     * Registers a tracked recipient of a sent message and returns the absolute pixel URL to embed in its HTML.
     *
     * @param messageId the sent message's id
     * @param recipient the recipient address the pixel stands for
     * @param senderUserId the sender, whose own views are never counted
     */
    String pixelUrl(String messageId, String recipient, String senderUserId);
}
