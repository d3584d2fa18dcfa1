package org.doorstep.common.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What a volunteer sees of a household's phone, for every length a number may have; and free text without phones. */
class PhonesTest {

    @ParameterizedTest(name = "{0} digits: {1} -> {2}")
    @CsvSource({
            "1, 1, *",
            "2, 12, **",
            "3, 123, ***",
            "4, 1234, ****",
            "5, 12345, *****",
            "6, 123456, ******",
            "7, 1234567, *****67",
            "8, 12345678, *****678",
            "9, 123456789, ******789",
            "10, 1234567890, *******890",
            "11, 13812345678, *******5678",
            "12, 123456789012, ********9012",
            "13, 8613812345678, *********5678",
            "14, 12345678901234, **********1234",
            "15, 123456789012345, ***********2345"})
    void every_length_shows_at_most_the_last_third_and_at_most_four_digits(int length, String phone, String masked) {
        assertEquals(length, phone.length());
        assertEquals(masked, Phones.mask(phone));
    }

    @Test
    void spaces_dashes_and_a_plus_are_dropped_before_masking_and_no_phone_stays_none() {
        assertEquals("*********5678", Phones.mask("+86 138-1234-5678"));
        assertEquals("*****67", Phones.mask("123 45 67"));
        assertEquals("******", Phones.mask("12-34-56"));
        assertNull(Phones.mask(null));
    }

    /** What the previous rule showed: the first three and the last four digits of a number of seven or more. */
    static String maskedTheOldWay(String digits) {
        return digits.length() < 7 ? "*".repeat(digits.length())
                : digits.substring(0, 3) + "*".repeat(digits.length() - 7) + digits.substring(digits.length() - 4);
    }

    @Test
    void a_phone_masked_the_old_way_or_not_at_all_is_masked_again_as_the_rule_says_and_a_masked_one_stays() {
        String digits = "98765432109876543210";
        for (int length = 1; length <= digits.length(); length++) {
            String phone = digits.substring(0, length);
            assertEquals(Phones.mask(phone), Phones.remask(maskedTheOldWay(phone)), "old mask of " + phone);
            assertEquals(Phones.mask(phone), Phones.remask(Phones.mask(phone)), "new mask of " + phone);
            assertEquals(Phones.mask(phone), Phones.remask(phone), "unmasked " + phone);
        }
        assertEquals("*******5678", Phones.remask("139****5678"));
        assertEquals("*****67", Phones.remask("123*567"));
        assertEquals("********78", Phones.remask("1234-56-78"));
        assertNull(Phones.remask(null));
    }

    @Test
    void every_way_of_writing_a_phone_number_is_taken_out_of_free_text() {
        assertEquals("call [number] first", Phones.withoutNumbers("call 13812345678 first"));
        assertEquals("call [number] first", Phones.withoutNumbers("call 138 1234 5678 first"));
        assertEquals("call [number] first", Phones.withoutNumbers("call +86 138-1234-5678 first"));
        assertEquals("landline ([number]", Phones.withoutNumbers("landline (021) 6552.8888"));
        assertEquals("local [number]", Phones.withoutNumbers("local 6552888"));
        assertEquals("打[number]找王阿姨", Phones.withoutNumbers("打１３８１２３４５６７８找王阿姨"));
    }

    @Test
    void rooms_floors_counts_and_short_codes_stay_in_free_text() {
        String words = "room 602 on floor 6, 2 bags, code 1234, box 12-3";
        assertEquals(words, Phones.withoutNumbers(words));
        assertNull(Phones.withoutNumbers(null));
    }
}
