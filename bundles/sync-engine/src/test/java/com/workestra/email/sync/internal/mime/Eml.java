package com.workestra.email.sync.internal.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds raw test messages: strings are joined as CRLF lines in UTF-8, byte arrays are inserted as they are. */
final class Eml {

    private Eml() {
    }

    static byte[] of(Object... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object piece : pieces) {
            if (piece instanceof byte[] bytes) {
                out.writeBytes(bytes);
            } else {
                out.writeBytes((piece + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** Deterministic binary content of the given size. */
    static byte[] binary(int size, int seed) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + seed);
        }
        return data;
    }

    /** Base64 in 76-character lines, each ending with CRLF. */
    static String base64Lines(byte[] data) {
        return Base64.getMimeEncoder().encodeToString(data) + "\r\n";
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
