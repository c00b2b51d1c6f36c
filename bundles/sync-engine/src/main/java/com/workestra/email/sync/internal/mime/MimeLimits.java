package com.workestra.email.sync.internal.mime;

import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Limits applied while parsing one raw message; exceeding one keeps what was parsed so far and adds a warning.
 *
 * @param maxHeaderCount   header fields per entity (message or body part)
 * @param maxLineLength    bytes per header line
 * @param maxHeaderLength  bytes per header field, folded lines included
 * @param maxMessageBytes  raw bytes read from the source; the rest of the message is not read
 * @param maxBodyChars     characters kept of the text body and of the HTML body (each)
 * @param maxParts         body parts (leaves and multiparts) in the whole message
 * @param maxDepth         nesting depth of multiparts
 */
public record MimeLimits(int maxHeaderCount, int maxLineLength, int maxHeaderLength, long maxMessageBytes,
        int maxBodyChars, int maxParts, int maxDepth) {

    /** 1000 headers, 64 KiB lines, 128 KiB fields, 50 MiB per message, 256 Ki chars per body, 1000 parts, depth 32. */
    public static final MimeLimits DEFAULTS =
            new MimeLimits(1000, 64 * 1024, 128 * 1024, 50L * 1024 * 1024, 256 * 1024, 1000, 32);

    public MimeLimits {
        if (maxHeaderCount < 1 || maxLineLength < 80 || maxHeaderLength < 80 || maxMessageBytes < 1
                || maxBodyChars < 1 || maxParts < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("MIME limits must be positive (lines and fields at least 80 bytes)");
        }
    }

    /** Same limits with another per-message byte limit. */
    public MimeLimits withMaxMessageBytes(long bytes) {
        return new MimeLimits(maxHeaderCount, maxLineLength, maxHeaderLength, bytes, maxBodyChars, maxParts, maxDepth);
    }

    /** Same limits with another body character limit. */
    public MimeLimits withMaxBodyChars(int chars) {
        return new MimeLimits(maxHeaderCount, maxLineLength, maxHeaderLength, maxMessageBytes, chars, maxParts, maxDepth);
    }

    /** Same limits with another header count limit. */
    public MimeLimits withMaxHeaderCount(int count) {
        return new MimeLimits(count, maxLineLength, maxHeaderLength, maxMessageBytes, maxBodyChars, maxParts, maxDepth);
    }

    MimeConfig toMimeConfig() {
        return MimeConfig.custom()
                .setStrictParsing(false)
                .setMaxHeaderCount(maxHeaderCount)
                .setMaxLineLen(maxLineLength)
                .setMaxHeaderLen(maxHeaderLength)
                // per entity inside mime4j; the whole message is capped by LimitedSource
                .setMaxContentLen(maxMessageBytes)
                .build();
    }
}
