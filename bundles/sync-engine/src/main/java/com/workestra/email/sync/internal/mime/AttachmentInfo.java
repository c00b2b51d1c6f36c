package com.workestra.email.sync.internal.mime;

/**
 * Metadata of one attached or inline part; the content itself is counted while streaming, never kept.
 *
 * @param partId      IMAP-style part number ("1", "2.1", ...), "1" for a single-part message
 * @param filename    decoded file name (RFC 2231 / RFC 2047) from Content-Disposition or Content-Type name, or null
 * @param contentType lower-case media type without parameters, e.g. {@code image/png}
 * @param sizeBytes   decoded size in bytes (after base64 / quoted-printable)
 * @param contentId   Content-ID without angle brackets, or null
 * @param inline      true for Content-Disposition inline or no disposition, false for attachment
 */
public record AttachmentInfo(String partId, String filename, String contentType, long sizeBytes, String contentId,
        boolean inline) {
}
