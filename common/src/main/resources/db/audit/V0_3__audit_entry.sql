-- Who changed what, as whom, when; read by grid workers for their area and by admins. Written with the change.
create table audit_entry (
    id           bigint        not null auto_increment primary key,
    at           datetime(6)   not null,
    actor        varchar(100)  not null,
    role         varchar(20)   not null,
    action       varchar(50)   not null,
    subject_type varchar(30)   not null,
    subject_id   varchar(50)   not null,
    grid_id      bigint,
    compound_id  bigint,
    building_id  bigint,
    detail       varchar(1000),
    index ix_audit_grid (grid_id, at),
    index ix_audit_compound (compound_id, at)
) engine = InnoDB;
