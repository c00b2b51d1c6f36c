package com.workestra.email.sync.internal.mime;

import java.io.IOException;
import java.io.InputStream;

/**
 * The decoded size of a part body without decoding it: for base64 it counts the alphabet characters (line breaks,
 * padding and stray characters are skipped, as a lenient decoder skips them) and takes three bytes per four; any
 * other body is counted as decoded. Attachments are kept as metadata only, so their bytes are never materialized.
 */
final class DecodedSize {

    private static final int BUFFER = 16 * 1024;
    private static final boolean[] BASE64 = new boolean[256];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            BASE64[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            BASE64[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            BASE64[c] = true;
        }
        BASE64['+'] = true;
        BASE64['/'] = true;
    }

    private DecodedSize() {
    }

    /** Bytes the body decodes to; characters a base64 body should not contain are reported as a warning. */
    static long of(LeafBody body, ParseWarnings warnings) throws IOException {
        if ("base64".equals(body.transferEncoding())) {
            long[] invalid = new long[1];
            long size = base64(body.encoded(), invalid);
            if (invalid[0] > 0) {
                warnings.add("invalid characters in base64 content (" + invalid[0] + " skipped)");
            }
            return size;
        }
        return count(body.decoded());
    }

    /**
     * Bytes a base64 stream decodes to (partial trailing quanta give their whole bytes, like the decoder);
     * {@code invalid[0]} receives the number of characters that are neither base64, padding nor white space.
     */
    static long base64(InputStream encoded, long[] invalid) throws IOException {
        long symbols = 0;
        long other = 0;
        byte[] buf = new byte[BUFFER];
        for (int n = encoded.read(buf); n >= 0; n = encoded.read(buf)) {
            for (int i = 0; i < n; i++) {
                int b = buf[i] & 0xff;
                if (BASE64[b]) {
                    symbols++;
                } else if (b != '=' && b != '\r' && b != '\n' && b != ' ' && b != '\t') {
                    other++;
                }
            }
        }
        invalid[0] = other;
        return symbols / 4 * 3 + Math.max(0, symbols % 4 - 1);
    }

    private static long count(InputStream in) throws IOException {
        long size = 0;
        byte[] buf = new byte[BUFFER];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            size += n;
        }
        return size;
    }
}
