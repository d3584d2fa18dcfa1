package org.doorstep.order.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * How residents are told (issue 15), from the environment: {@code DOORSTEP_NOTIFY_GIVE_UP_AFTER},
 * {@code DOORSTEP_NOTIFY_QUIET_HOURS}, {@code DOORSTEP_NOTIFY_TEMPLATE_<KIND>} (application.properties names each).
 */
@ConfigMapping(prefix = "doorstep.notify")
public interface NotifyConfig {

    /** A message WeChat or the SMS provider keeps failing for this long after its first try is recorded as not sent. */
    @WithDefault("PT6H")
    Duration giveUpAfter();

    /** "22:00-07:00" in doorstep.timezone: routine messages wait until its end. Empty: none. */
    Optional<String> quietHours();

    /**
     * Messages one person is sent in {@link #rateWindow()}; the routine ones beyond wait and then go together as one
     * message ("and N more"), none dropped. 0: no limit. Urgent medicine and failed deliveries are never held.
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

    /** The WeChat subscribe-message template of each kind; a kind without one goes by SMS or not at all. */
    Templates template();

    /** A template id per {@link Kind}, e.g. {@code DOORSTEP_NOTIFY_TEMPLATE_OUT_FOR_DELIVERY}. */
    interface Templates {
        Optional<String> assigned();

        Optional<String> outForDelivery();

        Optional<String> delivered();

        Optional<String> failed();

        Optional<String> buildingSealed();

        Optional<String> buildingControlled();

        Optional<String> buildingPrecaution();

        Optional<String> buildingOpen();

        default Optional<String> of(Kind kind) {
            Optional<String> id = switch (kind) {
                case ASSIGNED -> assigned();
                case OUT_FOR_DELIVERY -> outForDelivery();
                case DELIVERED -> delivered();
                case FAILED -> failed();
                case BUILDING_SEALED -> buildingSealed();
                case BUILDING_CONTROLLED -> buildingControlled();
                case BUILDING_PRECAUTION -> buildingPrecaution();
                case BUILDING_OPEN -> buildingOpen();
            };
            return id.map(String::trim).filter(s -> !s.isEmpty());
        }
    }

    /** The mini-program page a message opens. */
    @WithDefault("pages/orders/orders")
    String page();
}
