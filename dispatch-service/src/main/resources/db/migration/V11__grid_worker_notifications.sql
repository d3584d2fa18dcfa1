-- Grid workers' alerts sent to WeChat (issue 15, dispatch-service/.../notify); the messages themselves and the
-- consents are in the shared tables notification and wechat_consent (common db/notify/V0_10), recipient
-- "grid-worker:<token sub>". Grid workers are not dispatch's records (the identity provider has them): they are named
-- by their token's subject.

-- A one-time code a signed-in grid worker asks for (POST /api/grid-workers/wechat-binding) and enters once in the
-- mini-program; one per grid worker (a new one replaces the old), kept only as an HMAC like volunteers' codes.
create table grid_worker_binding_code (
    subject    varchar(100) not null primary key,
    code_hash  char(64)     not null,
    expires_at datetime(6)  not null,
    created_at datetime(6)  not null,
    unique key uk_grid_worker_binding_code (code_hash)
) engine = InnoDB;

-- The WeChat user a grid worker's alerts go to: the openid's HMAC (how a later call from the mini-program finds the
-- grid worker) and the openid sealed (AES-GCM, as volunteer-service keeps its volunteers'), opened only to send one.
-- One WeChat user per grid worker and one grid worker per WeChat user: a new binding replaces the old.
create table wechat_grid_worker (
    openid_hash   char(64)     not null primary key,
    subject       varchar(100) not null,
    openid_sealed varchar(255) not null,
    bound_at      datetime(6)  not null,
    unique key uk_wechat_grid_worker_subject (subject)
) engine = InnoDB;

-- The grids of a grid worker as their token's "grids" claim said when they last asked for a binding code: whose
-- alerts they are sent. watched_from: when the alert job first looked at the grid for them (null until it has);
-- alerts older than an hour by then are listed, not sent.
create table grid_worker_grid (
    subject      varchar(100) not null,
    grid_id      bigint       not null,
    watched_from datetime(6)  null,
    primary key (subject, grid_id),
    index ix_grid_worker_grid (grid_id)
) engine = InnoDB;

-- order-service's ResidentNotReached (docs/events.md): a message to a household that reached nobody, shown to the
-- building's grid as a RESIDENT_NOT_REACHED alert for a day. step_key: one row per (household, order or building, kind;
-- for a building's message its time), so the event published again adds nothing. Deleted by HouseholdErased.
create table resident_not_reached (
    id           bigint       not null auto_increment primary key,
    household_id bigint       not null,
    building_id  bigint       not null,
    order_id     bigint       null,
    step_key     varchar(120) not null,
    kind         varchar(40)  not null,
    why          varchar(40)  not null,
    reason       varchar(200) null,
    room         varchar(50)  null,
    contact_name varchar(100) null,
    at           datetime(6)  not null,
    unique key uk_resident_not_reached (household_id, step_key),
    index ix_resident_not_reached_building (building_id, at),
    index ix_resident_not_reached_at (at)
) engine = InnoDB;
