package com.workestra.email.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.store.LinkStore;
import com.workestra.email.store.LinkStore.Position;
import com.workestra.email.store.LinkStore.Target;
import com.workestra.email.store.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The linker's lease, position and relink queue on H2 and PostgreSQL. */
class JpaLinkStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void oneLeaseHolderAtATimeUntilReleasedOrExpired(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); StoreFixture stores = new StoreFixture(db.dataSource())) {
            LinkStore s = stores.links();
            assertTrue(s.tryLease("w", "a", T0, Duration.ofMinutes(1)));
            assertTrue(s.tryLease("w", "a", T0.plusSeconds(5), Duration.ofMinutes(1)), "the holder renews");
            assertFalse(s.tryLease("w", "b", T0.plusSeconds(30), Duration.ofMinutes(1)));
            assertTrue(s.tryLease("w", "b", T0.plusSeconds(66), Duration.ofMinutes(1)), "expired: taken over");
            assertFalse(s.tryLease("w", "a", T0.plusSeconds(70), Duration.ofMinutes(1)));
            s.releaseLease("w", "a");
            assertFalse(s.tryLease("w", "a", T0.plusSeconds(71), Duration.ofMinutes(1)), "only the holder releases");
            s.releaseLease("w", "b");
            assertTrue(s.tryLease("w", "a", T0.plusSeconds(72), Duration.ofMinutes(1)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void positionAndRelinkRequestsPersist(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); StoreFixture stores = new StoreFixture(db.dataSource())) {
            LinkStore s = stores.links();
            assertEquals(Position.START, s.position("w"));
            Position p = new Position(T0.plusNanos(123_000), "m-1");
            s.savePosition("w", p);
            assertEquals(p, s.position("w"));
            s.requestRelink("ws", new Target("crm", "contact", "C-1"), List.of("a@x.test", "b@x.test"), T0);
            s.requestRelink("ws", new Target("recruiting", "candidate", "K-1"), List.of("c@x.test"),
                    T0.plusSeconds(1));
            List<LinkStore.RelinkRequest> pending = s.pendingRelinks(10);
            assertEquals(2, pending.size());
            assertEquals(List.of("a@x.test", "b@x.test"), pending.get(0).emails());
            assertEquals("", pending.get(0).afterMessageId());
            s.relinkProgress(pending.get(0).id(), "m-9");
            assertEquals("m-9", s.pendingRelinks(10).get(0).afterMessageId());
            s.relinkProgress(pending.get(0).id(), null);
            assertEquals(List.of(new Target("recruiting", "candidate", "K-1")),
                    s.pendingRelinks(10).stream().map(LinkStore.RelinkRequest::target).toList());
        }
    }
}
