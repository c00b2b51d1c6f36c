package com.workestra.email.store.internal.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Batched re-sealing against an in-memory table. */
class VaultRotationTest {

    /** A sorted in-memory table of sealed tokens, keyset-paginated like the store's query. */
    private static final class Table implements VaultRotation.SealedRows {

        final TreeMap<String, VaultRotation.Row> rows = new TreeMap<>();
        final List<Integer> limits = new ArrayList<>();
        int replaced;

        @Override
        public List<VaultRotation.Row> nextBatch(String activeKeyId, String afterRowId, int limit) {
            limits.add(limit);
            Map<String, VaultRotation.Row> tail = afterRowId == null ? rows : rows.tailMap(afterRowId, false);
            return tail.values().stream().filter(r -> !r.sealed().keyId().equals(activeKeyId)).limit(limit).toList();
        }

        @Override
        public void replace(VaultRotation.Row row, Sealed updated) {
            // compare-and-set, as the store will do it
            rows.computeIfPresent(row.rowId(), (id, current) -> current.sealed().equals(row.sealed())
                    ? new VaultRotation.Row(id, row.additionalData(), updated) : current);
            replaced++;
        }
    }

    private final TokenVault old = new TokenVault(Secrets.ring("k1"));
    private final TokenVault current = new TokenVault(Secrets.ring("k2"));
    private final Table table = new Table();

    private void fill(int n, TokenVault vault) {
        for (int i = 0; i < n; i++) {
            String id = String.format("row-%04d", table.rows.size());
            table.rows.put(id, new VaultRotation.Row(id, "conn-" + i, vault.seal("conn-" + i, token(i))));
        }
    }

    private static byte[] token(int i) {
        return ("token-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void rotatesEverythingInBoundedBatches() {
        fill(25, old);
        fill(3, current);
        VaultRotation rotation = new VaultRotation(current, table, 10);

        VaultRotation.Result first = rotation.rotateBatch(null);
        assertEquals(new VaultRotation.Result(10, 10, 0, "row-0009", false), first);
        VaultRotation.Result rest = rotation.rotateAll(10);
        assertEquals(15, rest.rotated());
        assertEquals(0, rest.failed());
        assertTrue(rest.finished());
        assertTrue(table.limits.stream().allMatch(l -> l == 10));

        for (int i = 0; i < 25; i++) {
            VaultRotation.Row row = table.rows.get(String.format("row-%04d", i));
            assertEquals("k2", row.sealed().keyId());
            assertEquals("token-" + i, new String(current.open(row.additionalData(), row.sealed()),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(new VaultRotation.Result(0, 0, 0, null, true), rotation.rotateAll(10));
    }

    @Test
    void stopsAfterMaxBatchesWithACursorToResume() {
        fill(25, old);
        VaultRotation rotation = new VaultRotation(current, table, 10);

        VaultRotation.Result slice = rotation.rotateAll(1);
        assertFalse(slice.finished());
        assertEquals(10, slice.rotated());
        assertEquals("row-0009", slice.lastRowId());

        VaultRotation.Result next = rotation.rotateBatch(slice.lastRowId());
        assertEquals(10, next.rotated());
        VaultRotation.Result last = rotation.rotateBatch(next.lastRowId());
        assertEquals(new VaultRotation.Result(5, 5, 0, "row-0024", true), last);
    }

    @Test
    void unreadableRowsAreCountedAndSkippedNotRetriedForever() {
        fill(4, old);
        TokenVault retired = new TokenVault(KeyRing.parse("k0:" + Secrets.b64(Secrets.bytes(77)), "k0"));
        fill(3, retired);
        Sealed good = old.seal("conn-x", token(9));
        table.rows.put("row-0007", new VaultRotation.Row("row-0007", "conn-other", good));

        VaultRotation.Result result = new VaultRotation(current, table, 2).rotateAll(100);

        assertEquals(new VaultRotation.Result(8, 4, 4, "row-0007", true), result);
        assertEquals("k0", table.rows.get("row-0004").sealed().keyId());
        assertEquals(good, table.rows.get("row-0007").sealed());
        assertEquals(4, table.replaced);
    }

    @Test
    void skipsRowsAlreadyUnderTheActiveKeyAndRejectsOversizedBatches() {
        VaultRotation.SealedRows sloppy = new VaultRotation.SealedRows() {
            @Override
            public List<VaultRotation.Row> nextBatch(String activeKeyId, String afterRowId, int limit) {
                return afterRowId == null ? List.of(new VaultRotation.Row("a", "c", current.seal("c", token(1))))
                        : List.of();
            }

            @Override
            public void replace(VaultRotation.Row row, Sealed updated) {
                throw new AssertionError("nothing to replace");
            }
        };
        assertEquals(new VaultRotation.Result(1, 0, 0, "a", true), new VaultRotation(current, sloppy, 5).rotateAll(3));

        fill(3, old);
        VaultRotation.SealedRows greedy = new VaultRotation.SealedRows() {
            @Override
            public List<VaultRotation.Row> nextBatch(String activeKeyId, String afterRowId, int limit) {
                return List.copyOf(table.rows.values());
            }

            @Override
            public void replace(VaultRotation.Row row, Sealed updated) {
            }
        };
        assertThrows(IllegalStateException.class, () -> new VaultRotation(current, greedy, 2).rotateBatch(null));
        assertThrows(IllegalArgumentException.class, () -> new VaultRotation(current, table, 0));
        assertNull(new VaultRotation(current, table, 1).rotateAll(0).lastRowId());
    }
}
