package org.doorstep.volunteer.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.doorstep.common.notify.NoticeSender;
import org.doorstep.common.retention.RetentionConfig;
import org.doorstep.common.retention.RetentionRule;

/** A volunteer's messages end after a month, as residents' do. */
@ApplicationScoped
class NoticeRetention {

    @Produces
    RetentionRule notifications(RetentionConfig config) {
        return NoticeSender.retention(config);
    }
}
