package com.workestra.email.sync.internal.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * A large multipart/mixed message produced on the fly: a text part of repeated lines and one base64 attachment whose
 * decoded bytes are generated line by line; nothing large is ever materialized.
 */
final class GeneratedMessage {

    static final int TEXT_LINES = 20_000;
    static final String TEXT_LINE = "All work and no play makes a long text body line.";

    private GeneratedMessage() {
    }

    static InputStream stream(long attachmentBytes) {
        String head = String.join("\r\n",
                "From: Generator <gen@example.com>",
                "To: sink@example.com",
                "Subject: big one",
                "Message-ID: <big@example.com>",
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"big-boundary\"",
                "",
                "--big-boundary",
                "Content-Type: text/plain; charset=UTF-8",
                "",
                "");
        String attachmentHead = String.join("\r\n",
                "--big-boundary",
                "Content-Type: application/octet-stream",
                "Content-Transfer-Encoding: base64",
                "Content-Disposition: attachment; filename=\"big.bin\"",
                "",
                "");
        InputStream text = new RepeatedLine((TEXT_LINE + "\r\n").getBytes(StandardCharsets.US_ASCII), TEXT_LINES);
        List<InputStream> parts = List.of(ascii(head), text, ascii(attachmentHead), new Base64Lines(attachmentBytes),
                ascii("--big-boundary--\r\n"));
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    /** Exact byte length of {@link #stream(long)}. */
    static long length(long attachmentBytes) {
        long fullLines = attachmentBytes / 57;
        long rest = attachmentBytes % 57;
        long encoded = fullLines * 78 + (rest == 0 ? 0 : 4 * ((rest + 2) / 3) + 2);
        long total = 0;
        try (InputStream head = stream(0)) {
            total = head.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return total + encoded;
    }

    private static InputStream ascii(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Serves a line buffer that is refilled on demand. */
    private abstract static class LineSource extends InputStream {
        private byte[] line = new byte[0];
        private int pos;

        /** @return the next line, or null at the end */
        abstract byte[] nextLine();

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos == line.length) {
                byte[] next = nextLine();
                if (next == null) {
                    return -1;
                }
                line = next;
                pos = 0;
            }
            int n = Math.min(len, line.length - pos);
            System.arraycopy(line, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private static final class RepeatedLine extends LineSource {
        private final byte[] line;
        private int left;

        RepeatedLine(byte[] line, int times) {
            this.line = line;
            this.left = times;
        }

        @Override
        byte[] nextLine() {
            return left-- > 0 ? line : null;
        }
    }

    private static final class Base64Lines extends LineSource {
        private final Base64.Encoder encoder = Base64.getEncoder();
        private final byte[] chunk = new byte[57];
        private long left;
        private long offset;

        Base64Lines(long bytes) {
            this.left = bytes;
        }

        @Override
        byte[] nextLine() {
            if (left == 0) {
                return null;
            }
            int n = (int) Math.min(57, left);
            for (int i = 0; i < n; i++) {
                chunk[i] = (byte) ((offset + i) * 7);
            }
            offset += n;
            left -= n;
            byte[] encoded = encoder.encode(n == 57 ? chunk : Arrays.copyOf(chunk, n));
            byte[] out = Arrays.copyOf(encoded, encoded.length + 2);
            out[encoded.length] = '\r';
            out[encoded.length + 1] = '\n';
            return out;
        }
    }
}
