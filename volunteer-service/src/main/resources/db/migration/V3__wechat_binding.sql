-- Volunteers sign in with WeChat once bound (issue 14). A grid worker gives a volunteer a one-time binding code (one
-- per volunteer: a new one replaces the old); only its HMAC is kept, so the table does not hand out codes. The
-- volunteer enters it once in the mini-program, and from then on their openid (kept as an HMAC too) signs them in.
create table wechat_binding_code (
    volunteer_id bigint      not null primary key,
    code_hash    char(64)    not null,
    expires_at   datetime(6) not null,
    created_at   datetime(6) not null,
    unique key uk_wechat_binding_code (code_hash),
    constraint fk_wechat_binding_code_volunteer foreign key (volunteer_id) references volunteer (id)
) engine = InnoDB;

create table wechat_volunteer (
    openid_hash  char(64)    not null primary key,
    volunteer_id bigint      not null,
    bound_at     datetime(6) not null,
    index ix_wechat_volunteer (volunteer_id),
    constraint fk_wechat_volunteer_volunteer foreign key (volunteer_id) references volunteer (id)
) engine = InnoDB;
