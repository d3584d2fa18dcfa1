package org.doorstep.common.notify;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The hours in which routine messages wait ("22:00-07:00" in the district's time zone; it may span midnight). Urgent
 * medicine and failed deliveries are not held.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    /** @throws IllegalArgumentException for anything but "HH:mm-HH:mm" with two different times */
    public static Optional<QuietHours> parse(Optional<String> setting) {
        String text = setting.map(String::trim).orElse("");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = text.split("-");
        try {
            if (parts.length == 2) {
                QuietHours hours = new QuietHours(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
                if (!hours.start().equals(hours.end())) {
                    return Optional.of(hours);
                }
            }
        } catch (DateTimeParseException e) {
            // said below
        }
        throw new IllegalArgumentException("DOORSTEP_NOTIFY_QUIET_HOURS must be like 22:00-07:00 (or empty), not \""
                + text + "\"");
    }

    /** When the quiet hours that {@code now} falls in end; empty if it falls in none. */
    public Optional<ZonedDateTime> heldUntil(ZonedDateTime now, ZoneId zone) {
        ZonedDateTime local = now.withZoneSameInstant(zone);
        LocalTime time = local.toLocalTime();
        boolean quiet = start.isBefore(end) ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
        if (!quiet) {
            return Optional.empty();
        }
        ZonedDateTime endToday = local.toLocalDate().atTime(end).atZone(zone);
        return Optional.of(endToday.isAfter(local) ? endToday : endToday.plusDays(1));
    }
}
