package org.doorstep.common.notify;

import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuietHoursTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static ZonedDateTime at(String dateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(dateTime), SHANGHAI);
    }

    @Test
    void hours_over_midnight_hold_until_the_morning_of_the_right_day() {
        QuietHours night = QuietHours.parse(Optional.of("22:00-07:00")).orElseThrow();
        assertEquals(Optional.of(at("2022-04-11T07:00")), night.heldUntil(at("2022-04-10T23:30"), SHANGHAI));
        assertEquals(Optional.of(at("2022-04-11T07:00")), night.heldUntil(at("2022-04-11T03:00"), SHANGHAI));
        assertEquals(Optional.of(at("2022-04-11T07:00")), night.heldUntil(at("2022-04-10T22:00"), SHANGHAI));
        assertEquals(Optional.empty(), night.heldUntil(at("2022-04-11T07:00"), SHANGHAI));
        assertEquals(Optional.empty(), night.heldUntil(at("2022-04-10T12:00"), SHANGHAI));
    }

    @Test
    void hours_within_a_day_and_the_time_zone_of_the_district() {
        QuietHours noon = QuietHours.parse(Optional.of(" 12:00 - 14:00 ")).orElseThrow();
        assertEquals(new QuietHours(LocalTime.NOON, LocalTime.of(14, 0)), noon);
        assertEquals(Optional.of(at("2022-04-10T14:00")), noon.heldUntil(at("2022-04-10T13:59"), SHANGHAI));
        assertEquals(Optional.empty(), noon.heldUntil(at("2022-04-10T14:00"), SHANGHAI));
        // 05:00 UTC is 13:00 in Shanghai.
        ZonedDateTime utc = ZonedDateTime.of(2022, 4, 10, 5, 0, 0, 0, ZoneId.of("UTC"));
        assertEquals(Optional.of(at("2022-04-10T14:00")), noon.heldUntil(utc, SHANGHAI));
    }

    @Test
    void empty_means_none_and_anything_else_is_refused_at_start_up() {
        assertTrue(QuietHours.parse(Optional.empty()).isEmpty());
        assertTrue(QuietHours.parse(Optional.of("  ")).isEmpty());
        for (String wrong : new String[] {"22:00", "22-07", "22:00-22:00", "night", "22:00-07:00-08:00"}) {
            assertThrows(IllegalArgumentException.class, () -> QuietHours.parse(Optional.of(wrong)), wrong);
        }
    }
}
