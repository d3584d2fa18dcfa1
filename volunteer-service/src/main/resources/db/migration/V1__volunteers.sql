create table volunteer (
    id                   bigint       not null auto_increment primary key,
    name                 varchar(100) not null,
    phone                varchar(30)  not null,
    compound_id          bigint       not null,
    capacity             int          not null,
    vetting              varchar(20)  not null,
    on_duty              boolean      not null,
    latest_test_result   varchar(20),
    latest_test_taken_at datetime(6),
    runs_completed       int          not null default 0,
    handoffs_delivered   int          not null default 0,
    handoffs_failed      int          not null default 0,
    created_at           datetime(6)  not null,
    version              bigint       not null default 0
) engine = InnoDB;

create table volunteer_building (
    volunteer_id bigint not null,
    building_id  bigint not null,
    primary key (volunteer_id, building_id),
    constraint fk_volunteer_building foreign key (volunteer_id) references volunteer (id)
) engine = InnoDB;

create table volunteer_test (
    id           bigint      not null auto_increment primary key,
    volunteer_id bigint      not null,
    result       varchar(20) not null,
    taken_at     datetime(6) not null,
    recorded_at  datetime(6) not null,
    constraint fk_volunteer_test foreign key (volunteer_id) references volunteer (id),
    index ix_volunteer_test (volunteer_id, taken_at)
) engine = InnoDB;
