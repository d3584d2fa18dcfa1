package org.doorstep.common.audit;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The chain's hash is a function of exactly what is stored: every field, its bounds, the order and the link. */
class AuditChainTest {

    private static final LocalDateTime AT = LocalDateTime.of(2022, 4, 10, 8, 0, 1);

    private static AuditChain.Row row(String actor, String detail) {
        return new AuditChain.Row(AT, actor, "ADMIN", "HOUSEHOLD_ERASED", "Household", "8", 7L, 1L, 3L, detail);
    }

    @Test
    void the_same_batch_hashes_the_same_and_any_change_hashes_apart() {
        String hash = AuditChain.hash(AuditChain.GENESIS, 1, List.of(row("root", "on request")));
        assertEquals(64, hash.length());
        assertEquals(hash, AuditChain.hash(AuditChain.GENESIS, 1, List.of(row("root", "on request"))));
        assertNotEquals(hash, AuditChain.hash(AuditChain.GENESIS, 1, List.of(row("root", "on request."))));
        assertNotEquals(hash, AuditChain.hash(AuditChain.GENESIS, 2, List.of(row("root", "on request"))),
                "the batch's number is hashed");
        assertNotEquals(hash, AuditChain.hash(hash, 1, List.of(row("root", "on request"))),
                "the previous batch is hashed");
        assertNotEquals(hash, AuditChain.hash(AuditChain.GENESIS, 1, List.of(row("root", null))),
                "an erased detail is not the same as its words");
    }

    @Test
    void fields_keep_their_bounds_and_entries_their_order() {
        assertNotEquals(AuditChain.hash(AuditChain.GENESIS, 1, List.of(row("ro", "oton request"))),
                AuditChain.hash(AuditChain.GENESIS, 1, List.of(row("root", "on request"))),
                "text moved from one field to the next");
        assertNotEquals(AuditChain.hash(AuditChain.GENESIS, 1, List.of(row("root", "-"))),
                AuditChain.hash(AuditChain.GENESIS, 1, List.of(row("root", null))), "a dash is not a null");
        assertNotEquals(AuditChain.hash(AuditChain.GENESIS, 1, List.of(row("a", "x"), row("b", "y"))),
                AuditChain.hash(AuditChain.GENESIS, 1, List.of(row("b", "y"), row("a", "x"))),
                "entries swapped within a batch");
    }
}
