package org.doorstep.order.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.doorstep.common.retention.RetentionConfig;
import org.doorstep.common.retention.RetentionRule;

/** A person's messages end after a month; one still waiting to be sent stays until it is settled. */
@ApplicationScoped
class NotificationRetention {

    @Produces
    RetentionRule notifications(RetentionConfig config) {
        return new RetentionRule("notifications",
                "delete from notification where state <> 'PENDING' and created_at < ? limit ?",
                config.notifications());
    }
}
