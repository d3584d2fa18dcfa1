-- Events a consumer set aside on the dead-letter topic, remembered for the grid workers of their building (an order
-- event) or compound (a volunteer's state): an order that never reached the queue must not go unnoticed. The reason
-- is for the operator who fixes and replays; rows end after 7 days (Retention).
create table set_aside_event (
    id           bigint       not null auto_increment primary key,
    consumer     varchar(100) not null,
    topic        varchar(100) not null,
    compound_id  bigint       null,
    building_id  bigint       null,
    reason       varchar(500) not null,
    set_aside_at datetime(6)  not null,
    index ix_set_aside_building (building_id, set_aside_at),
    index ix_set_aside_compound (compound_id, set_aside_at),
    index ix_set_aside_at (set_aside_at)
) engine = InnoDB;
