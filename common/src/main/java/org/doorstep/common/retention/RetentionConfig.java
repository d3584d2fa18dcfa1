package org.doorstep.common.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How long rows that only serve to recognise a repeat are kept ({@code DOORSTEP_RETENTION_*}). Each is longer than
 * any repeat it must still recognise.
 */
@ConfigMapping(prefix = "doorstep.retention")
public interface RetentionConfig {

    /** How often the old rows are swept. */
    @WithDefault("PT1H")
    Duration interval();

    /**
     * Ids of applied events: twice the 7 days the event topics keep a record, so an event Kafka can still redeliver
     * (a relay's resend, a dead-letter replay) is recognised.
     */
    @WithDefault("P14D")
    Duration processedEvents();

    /** An Idempotency-Key on an order: a phone retries within minutes; a week covers a phone that was off for days. */
    @WithDefault("P7D")
    Duration idempotencyKeys();

    /** An event set aside on the dead-letter topic, as the grid workers' alert remembers it. */
    @WithDefault("P7D")
    Duration setAsideEvents();

    /** A volunteer's handoff request (its key and keyed hash): retries come within seconds. */
    @WithDefault("P7D")
    Duration handoffRequests();

    /**
     * A message a person was sent (or could not be): their list shows a month; by then no event that could repeat it
     * is redelivered (applied event ids are kept 14 days), so its row no longer guards against a second one.
     */
    @WithDefault("P30D")
    Duration notifications();
}
