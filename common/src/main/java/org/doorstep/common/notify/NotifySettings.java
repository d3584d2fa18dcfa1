package org.doorstep.common.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * How every service sends its people's messages (issue 15), from the environment ({@code DOORSTEP_NOTIFY_*}, one set
 * for all services): when to give up, quiet hours, the hourly limit, and the sender's pace. Which template each kind
 * of message uses is each service's own setting.
 */
@ConfigMapping(prefix = "doorstep.notify")
public interface NotifySettings {

    /** A message WeChat or the SMS provider keeps failing for this long after its first try is recorded as not sent. */
    @WithDefault("PT6H")
    Duration giveUpAfter();

    /** "22:00-07:00" in doorstep.timezone: routine messages wait until its end. Empty: none. */
    Optional<String> quietHours();

    /**
     * Messages one person is sent in {@link #rateWindow()}; the routine ones beyond wait and then go together as one
     * message ("and N more"), none dropped. 0: no limit. Urgent messages are never held.
     */
    @WithDefault("10")
    int maxPerHour();

    /** The window of {@link #maxPerHour()}: an hour (tests shorten it). */
    @WithDefault("PT1H")
    Duration rateWindow();

    /** How often the sender looks for due messages (it is also woken by each new one). */
    @WithDefault("PT2S")
    Duration pollInterval();

    /** Rows one sender takes at a time. */
    @WithDefault("20")
    int batchSize();

    /** How long an instance's claim on a row lasts; longer than one send may take, renewed before each send. */
    @WithDefault("PT2M")
    Duration lease();

    /** The first pause after a failed send; it doubles with each failure, up to {@link #maxBackoff()}. */
    @WithDefault("PT10S")
    Duration backoff();

    @WithDefault("PT10M")
    Duration maxBackoff();
}
