package com.workestra.email.sync.internal.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Uuencoded files inside a plain text body ({@code begin 644 name} ... {@code end}), as old mailers and some
 * gateways still send them: each block leaves the text and is listed as an attachment, as mail clients show it.
 * Only the size is computed (the count character that starts each line), the content is never kept.
 */
final class Uuencoded {

    private static final Pattern BEGIN = Pattern.compile("(?m)^begin ([0-7]{3,4}) ([^\\r\\n]+)\\r?$");
    private static final Pattern END = Pattern.compile("(?m)^end\\r?$");
    private static final int MAX_BLOCKS = 100;

    /**
     * @param text  the body without the blocks (null stays null)
     * @param files one attachment per block, part ids {@code uu1}, {@code uu2}...
     */
    record Split(String text, List<AttachmentInfo> files) {
    }

    private Uuencoded() {
    }

    static Split split(String body) {
        if (body == null || !body.contains("begin ")) {
            return new Split(body, List.of());
        }
        List<AttachmentInfo> files = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        int copied = 0;
        Matcher begin = BEGIN.matcher(body);
        while (files.size() < MAX_BLOCKS && begin.find(copied)) {
            Matcher end = END.matcher(body);
            if (!end.find(begin.end())) {
                break;
            }
            String lines = body.substring(begin.end(), end.start());
            long size = size(lines);
            if (size < 0) {
                out.append(body, copied, begin.end());
                copied = begin.end();
                continue;
            }
            out.append(body, copied, begin.start());
            String name = begin.group(2).strip();
            files.add(new AttachmentInfo("uu" + (files.size() + 1), name, "application/octet-stream", size, null,
                    false, AttachmentInfo.FILE));
            copied = end.end();
        }
        if (files.isEmpty()) {
            return new Split(body, List.of());
        }
        out.append(body, copied, body.length());
        return new Split(out.toString().strip(), files);
    }

    /** Decoded bytes of the block's lines, or -1 if a line is not uuencoding. */
    private static long size(String lines) {
        long size = 0;
        for (String line : lines.split("\\r?\\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int count = (line.charAt(0) - ' ') & 0x3f;
            // a line holds 4 characters per 3 bytes after its count character (padding may be trimmed)
            if (line.charAt(0) < ' ' || line.charAt(0) > '`' || line.length() - 1 < (count * 4 + 2) / 3) {
                return -1;
            }
            size += count;
        }
        return size;
    }
}
