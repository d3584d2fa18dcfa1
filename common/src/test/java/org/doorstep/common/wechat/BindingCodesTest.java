package org.doorstep.common.wechat;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BindingCodesTest {

    @Test
    void a_code_is_eight_characters_that_cannot_be_misread() {
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String code = BindingCodes.newCode();
            assertTrue(code.matches("[A-HJKMNP-Z2-9]{8}"), code);
            codes.add(code);
        }
        assertEquals(1000, codes.size(), "a thousand codes, all different");
    }

    @Test
    void a_code_typed_in_small_letters_with_spaces_or_dashes_reads_as_issued() {
        assertEquals("K7PM3QXA", BindingCodes.normalised(" k7pm-3qxa "));
        assertEquals("K7PM3QXA", BindingCodes.normalised("K7PM 3QXA"));
    }
}
