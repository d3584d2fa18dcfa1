create table grid (
    id         bigint       not null auto_increment primary key,
    name       varchar(200) not null,
    created_at datetime(6)  not null
) engine = InnoDB;

alter table building add column grid_id bigint null,
    add constraint fk_building_grid foreign key (grid_id) references grid (id);

-- Meals carry a delivery window; a failed handoff is retried once; a bulk drop is tracked per distribution.
alter table dispatch_order add column deliver_from datetime(6) null,
    add column deliver_by datetime(6) null,
    add column failed_attempts int not null default 0,
    add column distribution_id bigint null,
    add index ix_dispatch_order_distribution (distribution_id);

alter table run add column override_reason varchar(500) null;

create table distribution (
    id           bigint        not null auto_increment primary key,
    name         varchar(200)  not null,
    items        varchar(4000) not null,
    building_ids varchar(4000) not null,
    created_at   datetime(6)   not null,
    created_by   varchar(100)  not null
) engine = InnoDB;
