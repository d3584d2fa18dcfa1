create table household (
    id           bigint       not null auto_increment primary key,
    building_id  bigint       not null,
    room         varchar(50)  not null,
    contact_name varchar(100) not null,
    phone        varchar(30),
    created_at   datetime(6)  not null,
    index ix_household_building (building_id)
) engine = InnoDB;

create table household_vulnerability (
    household_id  bigint      not null,
    vulnerability varchar(30) not null,
    primary key (household_id, vulnerability),
    constraint fk_household_vulnerability foreign key (household_id) references household (id)
) engine = InnoDB;

create table resident_order (
    id               bigint       not null auto_increment primary key,
    household_id     bigint       not null,
    building_id      bigint       not null,
    category         varchar(20)  not null,
    urgent           boolean      not null,
    note             varchar(500),
    status           varchar(30)  not null,
    run_id           bigint,
    handoff_code     char(6)      not null,
    dispatch_seq     bigint       not null default 0,
    idempotency_key  varchar(100),
    request_hash     char(64),
    placed_at        datetime(6)  not null,
    version          bigint       not null default 0,
    constraint fk_order_household foreign key (household_id) references household (id),
    unique key uq_order_idempotency_key (idempotency_key),
    index ix_order_household (household_id, id)
) engine = InnoDB;

create table order_item (
    order_id bigint       not null,
    position int          not null,
    name     varchar(100) not null,
    quantity int          not null,
    primary key (order_id, position),
    constraint fk_item_order foreign key (order_id) references resident_order (id)
) engine = InnoDB;

create table order_status_change (
    id         bigint       not null auto_increment primary key,
    order_id   bigint       not null,
    status     varchar(30)  not null,
    changed_at datetime(6)  not null,
    changed_by varchar(100) not null,
    note       varchar(500),
    constraint fk_status_change_order foreign key (order_id) references resident_order (id),
    index ix_order_status_change (order_id, id)
) engine = InnoDB;
