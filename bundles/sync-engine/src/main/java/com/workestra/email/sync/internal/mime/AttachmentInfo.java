package com.workestra.email.sync.internal.mime;

/**
 * Metadata of one attached or inline part; the content itself is counted while streaming, never kept.
 *
 * @param partId      IMAP-style part number ("1", "2.1", ...), "1" for a single-part message; {@code uu1},
 *                    {@code uu2}... for uuencoded blocks found in the plain text body
 * @param filename    decoded file name (RFC 2231 / RFC 2047) from Content-Disposition or Content-Type name, or null
 * @param contentType lower-case media type without parameters, e.g. {@code image/png}
 * @param sizeBytes   decoded size in bytes (after base64 / quoted-printable / uuencoding)
 * @param contentId   Content-ID without angle brackets, or null
 * @param inline      true only for a part the HTML body shows through its {@code cid:} reference; everything else
 *                    is listed as a file, as mail clients do with inline parts that carry a file name
 * @param kind        what a person sees: {@link #FILE}, {@link #INLINE}, {@link #SIGNATURE} (a signature part,
 *                    flagged rather than shown as a file), {@link #MESSAGE} (an attached message) or {@link #TNEF}
 *                    (Outlook's winmail.dat)
 */
public record AttachmentInfo(String partId, String filename, String contentType, long sizeBytes, String contentId,
        boolean inline, String kind) {

    public static final String FILE = "file";
    public static final String INLINE = "inline";
    public static final String SIGNATURE = "signature";
    public static final String MESSAGE = "message";
    public static final String TNEF = "tnef";
}
