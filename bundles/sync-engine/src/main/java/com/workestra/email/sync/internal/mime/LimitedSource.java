package com.workestra.email.sync.internal.mime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Wraps the raw source: counts bytes, ends the stream at the per-message limit, and remembers an I/O failure of the
 * source itself so the parser can tell it apart from mime4j's own IOExceptions (limits, syntax).
 */
final class LimitedSource extends FilterInputStream {

    private final long limit;
    private long count;
    private boolean limitHit;
    private IOException failure;

    LimitedSource(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        if (atLimit()) {
            return -1;
        }
        int b = guard(() -> super.read());
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (atLimit()) {
            return -1;
        }
        int allowed = (int) Math.min(len, limit - count);
        int n = guard(() -> super.read(b, off, allowed));
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return atLimit() ? 0 : (int) Math.min(guard(() -> super.available()), limit - count);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private boolean atLimit() throws IOException {
        if (count < limit) {
            return false;
        }
        if (!limitHit) {
            // only a limit if there is more to read
            limitHit = guard(() -> super.read()) >= 0;
        }
        return true;
    }

    private int guard(IoCall call) throws IOException {
        try {
            return call.run();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
            throw e;
        }
    }

    long count() {
        return count;
    }

    boolean limitHit() {
        return limitHit;
    }

    /** The first IOException thrown by the source, or null. */
    IOException failure() {
        return failure;
    }

    @FunctionalInterface
    private interface IoCall {
        int run() throws IOException;
    }
}
