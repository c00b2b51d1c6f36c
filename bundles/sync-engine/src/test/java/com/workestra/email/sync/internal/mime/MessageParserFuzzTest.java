package com.workestra.email.sync.internal.mime;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the MIME parser (Jazzer): no input may throw, and each input stays within bounded
 * memory (bytes allocated by the parsing thread, measured by the JVM) and bounded time. Every build fuzzes for
 * 20 s (JAZZER_FUZZ is set by the module's surefire configuration, which leaves the 30-minute run out unless asked
 * for); the corpus Jazzer grows is kept in .cifuzz-corpus between runs, and inputs that found bugs belong under
 * src/test/resources as regression inputs.
 */
class MessageParserFuzzTest {

    /** Small limits so the fuzzer reaches them; each still bounds the work per input. */
    private static final MimeLimits LIMITS = new MimeLimits(200, 4096, 16 * 1024, 256 * 1024, 16 * 1024, 100, 16);
    /** Per input: a few times the input and the body limits, never more. */
    private static final long MAX_ALLOCATED = 64L * 1024 * 1024;
    /** Per input: far above the slowest legal input, far below a hang. */
    private static final long MAX_MILLIS = 5_000;

    private final MessageParser parser = new MessageParser();

    static {
        // class loading and one-time tables (charset detection, codecs) are not the parse's own memory
        try {
            new MessageParser().parse(new ByteArrayInputStream(Eml.of("From: Zoë <z@example.org>",
                    "Subject: =?utf-7?Q?+AOQ-?=", "Content-Type: text/plain; charset=utf-8", "", "\u00e4")
                    .clone()), LIMITS);
            new MessageParser().parse(new ByteArrayInputStream(new byte[] {'S', ':', ' ', (byte) 0xe4, '\r', '\n',
                '\r', '\n', (byte) 0xe4}), LIMITS);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The long run, on demand: {@code mvn -pl bundles/sync-engine -am test -Dtest=MessageParserFuzzTest -Dgroups=fuzz-long
     * -Dfuzz.excluded=fuzz-short}. */
    @Tag("fuzz-long")
    @FuzzTest(maxDuration = "30m")
    void anyBytesLongRun(byte[] input) throws IOException {
        anyBytesParseWithoutExceptionWithinBoundedMemory(input);
    }

    @Tag("fuzz-short")
    @FuzzTest(maxDuration = "20s")
    void anyBytesParseWithoutExceptionWithinBoundedMemory(byte[] input) throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        ParsedMessage m = parser.parse(new ByteArrayInputStream(input), LIMITS);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertNotNull(m.warnings());
        assertNotNull(m.snippet());
        assertTrue(m.textBody() == null || m.textBody().length() <= LIMITS.maxBodyChars());
        assertTrue(allocated < MAX_ALLOCATED, "allocated " + allocated + " bytes for " + input.length);
        // a hang guard, not a benchmark: the slowest legal input takes milliseconds
        assertTrue(millis < MAX_MILLIS, "took " + millis + " ms for " + input.length + " bytes");
    }
}
