-- Volunteers' messages (issue 15, volunteer-service/.../notify); the messages themselves are in the shared table
-- notification (common db/notify/V0_10).
-- The openid a subscribe message goes to, sealed (AES-GCM under a key derived from DOORSTEP_WECHAT_BINDING_SECRET, as
-- order-service keeps its residents'), so that this table alone still reveals no openid. Null for a volunteer bound
-- before it was kept: it is filled at their next WeChat sign-in.
alter table wechat_volunteer add column openid_sealed varchar(255) null;

-- Each run that is on a volunteer as these messages last saw it on doorstep.dispatch, so that a run's RunChanged tells
-- a new run, an urgent order added to it, or that it was taken back, apart. Gone when the run is done.
create table notice_run (
    run_id       bigint      not null primary key,
    volunteer_id bigint      not null,
    order_ids    text        not null,
    urgent       boolean     not null
) engine = InnoDB;

-- Urgent orders dispatch put on a run (OrderProgressed ASSIGNED with urgent), read when the run's RunChanged comes
-- just after. Gone when the run is done.
create table notice_urgent_order (
    order_id bigint not null primary key,
    run_id   bigint not null,
    index ix_notice_urgent_order_run (run_id)
) engine = InnoDB;
