package org.doorstep.dispatch.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.doorstep.common.retention.RetentionConfig;
import org.doorstep.common.retention.RetentionRule;

/** A handoff request only recognises a volunteer's retry, which comes within seconds. */
@ApplicationScoped
class HandoffRequestRetention {

    @Produces
    RetentionRule handoffRequests(RetentionConfig config) {
        return new RetentionRule("handoff requests", "delete from handoff_request where created_at < ? limit ?",
                config.handoffRequests());
    }
}
