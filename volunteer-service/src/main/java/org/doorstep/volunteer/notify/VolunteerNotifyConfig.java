package org.doorstep.volunteer.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Which WeChat templates volunteers' messages use, {@code DOORSTEP_NOTIFY_TEMPLATE_NEW_RUN}, {@code _URGENT_ORDER},
 * {@code _RUN_TAKEN_BACK} (application.properties); quiet hours and the rest are common's NotifySettings.
 */
@ConfigMapping(prefix = "doorstep.volunteer-notify")
public interface VolunteerNotifyConfig {

    Templates template();

    interface Templates {
        Optional<String> newRun();

        Optional<String> urgentOrder();

        Optional<String> runTakenBack();

        default Optional<String> of(Call call) {
            Optional<String> id = switch (call) {
                case NEW_RUN -> newRun();
                case URGENT_ORDER -> urgentOrder();
                case RUN_TAKEN_BACK -> runTakenBack();
            };
            return id.map(String::trim).filter(s -> !s.isEmpty());
        }
    }

    /** The mini-program page a message opens: the volunteer's runs. */
    @WithDefault("pages/runs/index")
    String page();
}
