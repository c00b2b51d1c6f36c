package com.workestra.email.sync.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * Streams a raw RFC 5322 message through mime4j's {@link MimeTokenStream} into a {@link ParsedMessage}: bodies are
 * kept up to a limit, attachments are only counted, embedded messages stay attachments. Limits and malformed input
 * end in warnings on a partial record; only an IOException of the source stream propagates. Stateless and
 * thread-safe.
 */
public final class MessageParser {

    /** Parses with {@link MimeLimits#DEFAULTS}. */
    public ParsedMessage parse(InputStream raw) throws IOException {
        return parse(raw, MimeLimits.DEFAULTS);
    }

    /**
     * Parses one message; the stream is read at most up to {@code limits.maxMessageBytes()} and is not closed.
     *
     * @throws IOException only when reading {@code raw} itself fails
     */
    public ParsedMessage parse(InputStream raw, MimeLimits limits) throws IOException {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(limits, "limits");
        ParseWarnings warnings = new ParseWarnings();
        LimitedSource source = new LimitedSource(raw, limits.maxMessageBytes());
        MessageAssembler out = new MessageAssembler(limits, warnings);
        MimeTokenStream tokens = new MimeTokenStream(limits.toMimeConfig(), warnings, null);
        tokens.setRecursionMode(RecursionMode.M_NO_RECURSE);
        tokens.parse(source);
        boolean stopped;
        try {
            stopped = !walk(tokens, out, limits, warnings);
        } catch (MimeException | IOException | RuntimeException e) {
            if (source.failure() != null) {
                throw source.failure();
            }
            warnings.add("parsing stopped: " + describe(e));
            stopped = true;
        }
        warnings.part(null);
        if (source.failure() != null) {
            // mime4j swallowed the source's failure somewhere: a sync must not store a silently cut message
            throw source.failure();
        }
        if (source.limitHit()) {
            warnings.add("message larger than " + limits.maxMessageBytes() + " bytes: the rest was not read");
            stopped = true;
        }
        return out.build(source.count(), stopped);
    }

    /** @return false if a structural limit stopped the walk early */
    private static boolean walk(MimeTokenStream tokens, MessageAssembler out, MimeLimits limits,
            ParseWarnings warnings) throws IOException, MimeException {
        Deque<Multipart> multiparts = new ArrayDeque<>();
        // parse() leaves the stream in T_START_MESSAGE: the first next() already enters the top header
        PartHeaders current = new PartHeaders("", true, false);
        int parts = 0;
        for (EntityState state = tokens.next(); state != EntityState.T_END_OF_STREAM; state = tokens.next()) {
            switch (state) {
                case T_START_BODYPART -> {
                    if (++parts > limits.maxParts()) {
                        warnings.part(null);
                        warnings.add("more than " + limits.maxParts() + " body parts: the rest was not parsed");
                        return false;
                    }
                    Multipart parent = Objects.requireNonNull(multiparts.peek());
                    current = new PartHeaders(parent.nextChildId(), false, parent.alternative());
                    warnings.part(current.partId());
                }
                case T_FIELD -> {
                    Field field = tokens.getField();
                    current.accept(field, warnings);
                    if (current.top()) {
                        out.messageHeader(field);
                    }
                }
                case T_START_MULTIPART -> {
                    if (multiparts.size() >= limits.maxDepth()) {
                        warnings.add("multiparts nested deeper than " + limits.maxDepth() + ": the rest was not parsed");
                        return false;
                    }
                    String subtype = tokens.getBodyDescriptor().getSubType();
                    multiparts.push(new Multipart(current.partId(),
                            "alternative".equalsIgnoreCase(subtype)));
                }
                case T_END_MULTIPART -> multiparts.pop();
                case T_BODY -> {
                    String mimeType = tokens.getBodyDescriptor().getMimeType().toLowerCase(Locale.ROOT);
                    out.leaf(current, mimeType, new TokenBody(tokens));
                }
                default -> {
                    // start of the message, preamble, epilogue, ends: nothing to collect
                }
            }
        }
        return true;
    }

    private static String describe(Exception e) {
        Throwable cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        String message = cause.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** The current body of the token stream. */
    private record TokenBody(MimeTokenStream tokens) implements LeafBody {
        @Override
        public InputStream decoded() {
            return tokens.getDecodedInputStream();
        }

        @Override
        public InputStream encoded() {
            return tokens.getInputStream();
        }

        @Override
        public String transferEncoding() {
            String encoding = tokens.getBodyDescriptor().getTransferEncoding();
            return encoding == null ? "7bit" : encoding.trim().toLowerCase(Locale.ROOT);
        }
    }

    /** Numbers the children of one multipart, IMAP style. */
    private static final class Multipart {
        private final String id;
        private final boolean alternative;
        private int children;

        Multipart(String id, boolean alternative) {
            this.id = id;
            this.alternative = alternative;
        }

        String nextChildId() {
            children++;
            return id.isEmpty() ? Integer.toString(children) : id + "." + children;
        }

        boolean alternative() {
            return alternative;
        }
    }
}
