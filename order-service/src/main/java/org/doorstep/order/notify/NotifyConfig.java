package org.doorstep.order.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Which WeChat templates residents' messages use (issue 15), {@code DOORSTEP_NOTIFY_TEMPLATE_<KIND>}
 * (application.properties names each); what all services share (quiet hours, giving up, the hourly limit) is
 * {@link org.doorstep.common.notify.NotifySettings}.
 */
@ConfigMapping(prefix = "doorstep.notify")
public interface NotifyConfig {

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

    /** The mini-program page a message about an order opens, with the order's id ({@code ?id=}). */
    @WithDefault("pages/order/index")
    String orderPage();

    /** The mini-program page a message about a building opens (the resident's households). */
    @WithDefault("pages/home/index")
    String buildingPage();
}
