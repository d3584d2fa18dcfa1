package org.doorstep.order.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.doorstep.common.notify.NoticeSender;
import org.doorstep.common.retention.RetentionConfig;
import org.doorstep.common.retention.RetentionRule;

/** A person's messages end after a month; one still waiting to be sent stays until it is settled. */
@ApplicationScoped
class NotificationRetention {

    @Produces
    RetentionRule notifications(RetentionConfig config) {
        return NoticeSender.retention(config);
    }
}
