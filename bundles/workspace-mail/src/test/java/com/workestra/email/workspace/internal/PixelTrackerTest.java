package com.workestra.email.workspace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.api.Caller;
import com.workestra.email.store.WorkspaceMailStore.OpenSummary;
import com.workestra.email.store.internal.WorkspaceStoreFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pixel URLs with unguessable tokens stored hashed; opens once per minute; the sender's own view never counts. */
class PixelTrackerTest {

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void opensAreCountedOncePerMinuteAndNeverForTheSender(String kind) throws Exception {
        try (WorkspaceStoreFixture db = WorkspaceStoreFixture.open(kind)) {
            MovableClock clock = new MovableClock();
            PixelTracker pixels = new PixelTracker(db.store(), "https://crm.acme.test/", clock);
            String url = pixels.pixelUrl("msg-1", "ana@example.test", "alice");
            String other = pixels.pixelUrl("msg-1", "bob@example.test", "alice");
            assertTrue(url.startsWith("https://crm.acme.test/email/v1/t/o/") && url.endsWith(".gif"), url);
            assertNotEquals(url, other);
            String token = url.substring(url.lastIndexOf('/') + 1, url.length() - 4);
            assertEquals(43, token.length(), "256 random bits");

            try (Connection c = db.db().dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT token_hash FROM email_tracking_pixel")) {
                while (rs.next()) {
                    assertFalse(url.contains(rs.getString(1)), "only the hash is stored");
                }
            }

            Caller alice = new Caller("ws1", "alice", "alice@acme.test", "Alice", false);
            Caller bob = new Caller("ws1", "bob", "bob@acme.test", "Bob", false);
            assertFalse(pixels.open(token, Optional.of(alice)), "the sender's own view");
            assertTrue(pixels.open(token, Optional.empty()));
            clock.now = clock.now.plusSeconds(30);
            assertFalse(pixels.open(token, Optional.of(bob)), "within a minute");
            clock.now = clock.now.plusSeconds(31);
            assertTrue(pixels.open(token, Optional.of(bob)), "a minute later, someone else signed in");
            assertFalse(pixels.open("A".repeat(43), Optional.empty()), "unknown token");
            assertFalse(pixels.open("../../etc/passwd", Optional.empty()));

            List<OpenSummary> opens = db.store().opensOf("msg-1");
            assertEquals(2, opens.get(0).opens());
            assertEquals("ana@example.test", opens.get(0).recipient());
            assertEquals(0, opens.get(1).opens());
        }
    }
}
