-- A copy of dispatch-service's buildings, rebuilt from the compacted doorstep.buildings topic.
create table known_building (
    building_id  bigint       not null primary key,
    compound_id  bigint       not null,
    name         varchar(200) not null,
    status       varchar(20)  not null,
    status_since datetime(6)  not null
) engine = InnoDB;
