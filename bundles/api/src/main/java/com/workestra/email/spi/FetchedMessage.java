package com.workestra.email.spi;

/**
 * A message with its raw RFC 5322 content.
 *
 * @param meta what the listing said about it (refreshed by the fetch)
 * @param raw the message bytes as the provider returns them (Gmail format=raw, Graph /$value)
 */
public record FetchedMessage(RemoteMessage meta, byte[] raw) {
}
