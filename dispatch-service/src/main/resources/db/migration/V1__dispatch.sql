create table compound (
    id         bigint       not null auto_increment primary key,
    name       varchar(200) not null,
    created_at datetime(6)  not null
) engine = InnoDB;

create table building (
    id           bigint       not null auto_increment primary key,
    compound_id  bigint       not null,
    name         varchar(200) not null,
    status       varchar(20)  not null,
    status_since datetime(6)  not null,
    version      bigint       not null default 0,
    constraint fk_building_compound foreign key (compound_id) references compound (id)
) engine = InnoDB;

create table building_status_change (
    id          bigint       not null auto_increment primary key,
    building_id bigint       not null,
    status      varchar(20)  not null,
    changed_at  datetime(6)  not null,
    changed_by  varchar(100) not null,
    reason      varchar(500),
    constraint fk_status_change_building foreign key (building_id) references building (id),
    index ix_status_change_building (building_id, changed_at)
) engine = InnoDB;

-- dispatch's own copy of volunteer state, from the doorstep.volunteers topic
create table volunteer_copy (
    volunteer_id         bigint       not null primary key,
    name                 varchar(100) not null,
    compound_id          bigint       not null,
    capacity             int          not null,
    vetting              varchar(20)  not null,
    on_duty              boolean      not null,
    latest_test_result   varchar(20),
    latest_test_taken_at datetime(6),
    version              bigint       not null default 0,
    index ix_volunteer_copy_compound (compound_id)
) engine = InnoDB;

create table volunteer_copy_building (
    volunteer_id bigint not null,
    building_id  bigint not null,
    primary key (volunteer_id, building_id),
    constraint fk_volunteer_copy_building foreign key (volunteer_id) references volunteer_copy (volunteer_id)
) engine = InnoDB;

create table run (
    id           bigint      not null auto_increment primary key,
    building_id  bigint      not null,
    volunteer_id bigint,
    status       varchar(20) not null,
    created_at   datetime(6) not null,
    picked_up_at datetime(6),
    done_at      datetime(6),
    version      bigint      not null default 0,
    index ix_run_volunteer (volunteer_id, status),
    index ix_run_building (building_id, status)
) engine = InnoDB;

create table dispatch_order (
    order_id            bigint       not null primary key,
    household_id        bigint       not null,
    building_id         bigint       not null,
    category            varchar(20)  not null,
    urgent              boolean      not null,
    vulnerable          boolean      not null,
    item_count          int          not null,
    placed_at           datetime(6)  not null,
    handoff_digest      varchar(100) not null,
    status              varchar(20)  not null,
    run_id              bigint,
    failure_reason      varchar(500),
    seq                 bigint       not null,
    version             bigint       not null default 0,
    index ix_dispatch_order_queue (building_id, status, placed_at),
    index ix_dispatch_order_run (run_id)
) engine = InnoDB;

-- Every order a run carried, with what became of it there (an order may leave a run; the stop stays).
create table run_stop (
    id       bigint       not null auto_increment primary key,
    run_id   bigint       not null,
    order_id bigint       not null,
    status   varchar(20)  not null,
    reason   varchar(500),
    constraint fk_run_stop_run foreign key (run_id) references run (id),
    unique key uq_run_stop (run_id, order_id)
) engine = InnoDB;
