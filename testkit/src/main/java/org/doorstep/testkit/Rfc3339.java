package org.doorstep.testkit;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A time as the APIs take it (RFC 3339, seconds always): OffsetDateTime.toString() drops the seconds of a whole minute,
 * which the OpenAPI validation then refuses.
 */
public final class Rfc3339 {

    private Rfc3339() {
    }

    public static String of(OffsetDateTime time) {
        return time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
