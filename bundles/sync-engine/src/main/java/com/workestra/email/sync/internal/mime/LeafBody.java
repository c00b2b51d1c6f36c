package com.workestra.email.sync.internal.mime;

import java.io.InputStream;

/**
 * The body of one leaf part as the tokenizer offers it: decoded (text that is kept) or as transferred (attachments,
 * whose size is all that is kept). Only one of the two streams may be read.
 */
interface LeafBody {

    /** The body with its Content-Transfer-Encoding undone. */
    InputStream decoded();

    /** The body as transferred. */
    InputStream encoded();

    /** The Content-Transfer-Encoding, lower case ({@code 7bit} when the part names none). */
    String transferEncoding();
}
