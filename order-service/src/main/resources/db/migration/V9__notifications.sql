-- Notifications to residents (issue 15, order-service/.../notify).
-- The openid a subscribe message goes to, sealed (AES-GCM under a key derived from DOORSTEP_WECHAT_BINDING_SECRET) so
-- that this table alone still reveals no openid. Null for accounts that signed in before it was kept: they get it at
-- their next sign-in.
alter table wechat_account add column openid_sealed varchar(255) null;

-- One row per (recipient, what it is about, step), written in the transaction of the change that causes it, before
-- any send: a redelivered event adds nothing, and an outage of WeChat or the SMS provider delays and loses nothing.
-- recipient: the household's resident account, or "household:<id>" for a household nobody signs in for.
-- subject: "order:<id>" or "building:<id>@<status since>" (a building sealed twice is told twice).
-- state: PENDING until sent (SENT) or given up on (NOT_SENT, with the reason). held_by_limit: waiting because the
-- recipient had their hourly number of messages; such rows go together as one message. lease_owner/lease_until: a sender
-- instance's claim on a pending row, so that two instances never send the same row side by side.
create table notification (
    id bigint not null auto_increment primary key,
    recipient varchar(100) not null,
    household_id bigint not null,
    subject varchar(80) not null,
    kind varchar(30) not null,
    order_id bigint null,
    building_id bigint null,
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

-- What a resident allowed in WeChat (wx.requestSubscribeMessage): each "accept" is one message of that template.
create table wechat_consent (
    account varchar(100) not null,
    template_id varchar(100) not null,
    remaining int not null,
    primary key (account, template_id)
) engine = InnoDB;

-- The last status of each building as the notifier saw it on doorstep.buildings, so that it tells households of a
-- change only (the topic also carries a building's state again when its grid changes).
create table notice_building_status (
    building_id bigint not null primary key,
    status varchar(20) not null
) engine = InnoDB;
