-- Messages to people (issue 15, common/.../notify/NoticeSender) and their WeChat consents (Consents), for a service
-- that sends them (volunteer-service).
-- order-service has had both tables since its V9, notification with the same columns and a resident's household, order
-- and building beside them; it keeps that migration (applied in deployments) and does not list db/notify.
-- One row per (recipient, what it is about, step), written in the transaction of the change that causes it, before
-- any send: a redelivered event adds nothing, and an outage of WeChat delays and loses nothing.
-- recipient: whom the service's sign-in names (volunteer-service: "volunteer:<id>").
-- subject: what the step is of, e.g. "run:<id>" or "run:<id>/order:<id>".
-- state: PENDING until sent (SENT) or given up on (NOT_SENT, with the reason). held_by_limit: waiting because the
-- recipient had their hourly number of messages; such rows go together as one message. lease_owner/lease_until: a sender
-- instance's claim on a pending row, so that two instances never send the same row side by side.
create table notification (
    id bigint not null auto_increment primary key,
    recipient varchar(100) not null,
    subject varchar(80) not null,
    kind varchar(30) not null,
    urgent boolean not null,
    detail varchar(500) null,
    created_at datetime(6) not null,
    state varchar(20) not null,
    channel varchar(10) null,
    reason varchar(200) null,
    held_by_limit boolean not null default false,
    attempts int not null default 0,
    first_tried_at datetime(6) null,
    next_attempt_at datetime(6) not null,
    lease_owner varchar(40) null,
    lease_until datetime(6) null,
    sent_at datetime(6) null,
    constraint uq_notification_step unique (recipient, subject, kind)
) engine = InnoDB;
create index ix_notification_due on notification (state, next_attempt_at);
create index ix_notification_recipient on notification (recipient, created_at);

-- What a person allowed in WeChat (wx.requestSubscribeMessage): each "accept" is one message of that template
-- (common/.../notify/Consents). account: the recipient as above.
create table wechat_consent (
    account varchar(100) not null,
    template_id varchar(100) not null,
    remaining int not null,
    primary key (account, template_id)
) engine = InnoDB;
