package org.doorstep.common.ui;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MethodOverrideFilterTest {

    @Test
    void a_post_saying_patch_is_a_patch() {
        assertTrue(MethodOverrideFilter.patchSentAsPost("POST", "PATCH"));
        assertTrue(MethodOverrideFilter.patchSentAsPost("POST", " patch "));
    }

    @Test
    void nothing_else_is_disguised() {
        assertFalse(MethodOverrideFilter.patchSentAsPost("POST", null), "a plain POST stays a POST");
        assertFalse(MethodOverrideFilter.patchSentAsPost("POST", "DELETE"));
        assertFalse(MethodOverrideFilter.patchSentAsPost("POST", "PUT"));
        assertFalse(MethodOverrideFilter.patchSentAsPost("GET", "PATCH"), "a read never becomes a write");
        assertFalse(MethodOverrideFilter.patchSentAsPost("PUT", "PATCH"));
    }
}
