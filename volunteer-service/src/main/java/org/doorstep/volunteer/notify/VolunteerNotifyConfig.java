package org.doorstep.volunteer.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Which WeChat templates volunteers' messages use, {@code DOORSTEP_NOTIFY_TEMPLATE_NEW_RUN}, {@code _URGENT_ORDER},
 * {@code _RUN_TAKEN_BACK}, {@code _TEST_DUE} (application.properties); quiet hours and the rest are common's NotifySettings.
 */
@ConfigMapping(prefix = "doorstep.volunteer-notify")
public interface VolunteerNotifyConfig {

    Templates template();

    interface Templates {
        Optional<String> newRun();

        Optional<String> urgentOrder();

        Optional<String> runTakenBack();

        Optional<String> testDue();

        default Optional<String> of(Call call) {
            Optional<String> id = switch (call) {
                case NEW_RUN -> newRun();
                case URGENT_ORDER -> urgentOrder();
                case RUN_TAKEN_BACK -> runTakenBack();
                case TEST_DUE -> testDue();
            };
            return id.map(String::trim).filter(s -> !s.isEmpty());
        }
    }

    /** How long before a volunteer's negative test leaves the test window they are reminded (TestReminders). */
    @WithDefault("PT6H")
    Duration testReminderBefore();

    /** The mini-program page a message opens: the volunteer's runs. */
    @WithDefault("pages/runs/index")
    String page();
}
