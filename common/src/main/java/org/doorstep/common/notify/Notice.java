package org.doorstep.common.notify;

import java.time.OffsetDateTime;

/**
 * One message to one person as the shared columns of the {@code notification} table have it (db/notify/V0_10 says
 * what each is for); a service's own columns (a resident's household, an order) are read by the service.
 */
public record Notice(
        long id,
        String recipient,
        String subject,
        String kind,
        boolean urgent,
        String detail,
        OffsetDateTime createdAt,
        State state,
        Channel channel,
        String reason) {

    public enum State {
        PENDING, SENT, NOT_SENT
    }

    public enum Channel {
        WECHAT, SMS
    }

    public boolean sent() {
        return state == State.SENT;
    }

    /** What the person's list says of a message not sent: why not, or that it is still to go. */
    public String reasonShown() {
        return state == State.PENDING && reason == null ? "not sent yet" : reason;
    }
}
