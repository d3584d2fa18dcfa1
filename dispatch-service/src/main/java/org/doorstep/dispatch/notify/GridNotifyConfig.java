package org.doorstep.dispatch.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.doorstep.dispatch.planning.GridAlerts.AlertType;

import java.time.Duration;
import java.util.Optional;

/**
 * How grid workers' alerts go to WeChat (issue 15): the subscribe-message template of each kind of alert,
 * {@code DOORSTEP_NOTIFY_TEMPLATE_URGENT_OVERDUE}, {@code _COVERAGE_GAP}, {@code _HANDOFF_LOCKED},
 * {@code _HANDOFF_FAILED}, {@code _EVENT_SET_ASIDE}, {@code _RESIDENT_NOT_REACHED} (application.properties), how often
 * the alerts are looked at, and how old an alert may be to be sent when a grid worker starts to be watched for. Quiet
 * hours and the rest are common's NotifySettings.
 */
@ConfigMapping(prefix = "doorstep.grid-notify")
public interface GridNotifyConfig {

    Templates template();

    interface Templates {
        Optional<String> urgentOverdue();

        Optional<String> coverageGap();

        Optional<String> handoffLocked();

        Optional<String> handoffFailed();

        Optional<String> eventSetAside();

        Optional<String> residentNotReached();

        default Optional<String> of(AlertType type) {
            Optional<String> id = switch (type) {
                case URGENT_OVERDUE -> urgentOverdue();
                case COVERAGE_GAP -> coverageGap();
                case HANDOFF_LOCKED -> handoffLocked();
                case HANDOFF_FAILED -> handoffFailed();
                case EVENT_SET_ASIDE -> eventSetAside();
                case RESIDENT_NOT_REACHED -> residentNotReached();
            };
            return id.map(String::trim).filter(s -> !s.isEmpty());
        }
    }

    /** How often each instance looks at every watched grid's alerts (GridAlertCalls; a Quarkus scheduler period). */
    @WithDefault("60s")
    String every();

    /**
     * When a grid is first looked at for a grid worker (just after they bind WeChat, or gain the grid), its alerts
     * older than this are listed as not sent rather than sent: they are on the console already.
     */
    @WithDefault("PT1H")
    Duration backlog();

    /**
     * The mini-program page a message opens: the grid worker's own, where one tap asks for more alerts (each alert
     * spends one consent). The alert itself is on the console.
     */
    @WithDefault("pages/gridworker/index")
    String page();
}
