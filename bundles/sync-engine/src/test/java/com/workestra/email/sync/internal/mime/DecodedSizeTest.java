package com.workestra.email.sync.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecodedSizeTest {

    @Test
    void base64SizeEqualsTheDecodedLengthForEveryRemainderAndLineLayout() throws IOException {
        Random random = new Random(7);
        for (int length = 0; length < 200; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            String mime = Base64.getMimeEncoder().encodeToString(data);
            String unpadded = Base64.getEncoder().withoutPadding().encodeToString(data);
            String crlfEvery10 = Base64.getMimeEncoder(12, "\r\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(data) + "\r\n";
            for (String encoded : new String[] {mime, unpadded, crlfEvery10}) {
                long[] invalid = new long[1];
                assertEquals(length, DecodedSize.base64(stream(encoded), invalid), "length " + length + ": " + encoded);
                assertEquals(0, invalid[0]);
            }
        }
    }

    @Test
    void strayCharactersAreSkippedAsTheLenientDecoderSkipsThem() throws IOException {
        // "aGVsbG8=" is "hello"; spaces, tabs and a stray '*' do not count
        long[] invalid = new long[1];
        assertEquals(5, DecodedSize.base64(stream(" aGVs\tbG8*=\r\n"), invalid));
        assertEquals(1, invalid[0]);
        assertEquals(0, DecodedSize.base64(stream(""), invalid));
        assertEquals(0, invalid[0]);
    }

    @Test
    void aBase64AttachmentIsCountedWithoutDecodingAndMatchesItsRealSize() throws IOException {
        byte[] data = new byte[100_003];
        new Random(3).nextBytes(data);
        String raw = "From: a@example.com\r\nTo: b@example.com\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nbody\r\n"
                + "--b1\r\nContent-Type: application/octet-stream; name=x.bin\r\n"
                + "Content-Transfer-Encoding: BASE64\r\nContent-Disposition: attachment; filename=x.bin\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(data) + "\r\n--b1\r\n"
                + "Content-Type: text/csv; name=y.csv\r\nContent-Disposition: attachment; filename=y.csv\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\na=3Db\r\n--b1--\r\n";
        ParsedMessage m = new MessageParser().parse(stream(raw), MimeLimits.DEFAULTS);
        assertEquals(2, m.attachments().size());
        assertEquals(data.length, m.attachments().get(0).sizeBytes());
        assertEquals("x.bin", m.attachments().get(0).filename());
        // quoted-printable is decoded to count it: "a=b" and the line break before the boundary belongs to it
        assertEquals(3, m.attachments().get(1).sizeBytes());
        assertEquals("body", m.textBody());
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }
}
