package org.doorstep.common.retention;

import java.time.Duration;

/**
 * Rows of one kind that end after {@code keep}: {@code statement} deletes (or clears) at most {@code ?2} of them
 * older than {@code ?1} (a UTC date-time), so a sweep never holds many locks for long. A service adds its own kinds
 * as CDI beans; {@link Retention} sweeps them all.
 */
public record RetentionRule(String name, String statement, Duration keep) {
}
