-- Shared by every service: the transactional outbox and the ids of events already applied.
create table outbox_event (
    id           bigint       not null auto_increment primary key,
    topic        varchar(100) not null,
    message_key  varchar(100) not null,
    event_type   varchar(100) not null,
    envelope     mediumtext   not null,
    created_at   datetime(6)  not null
) engine = InnoDB;

create table processed_event (
    consumer     varchar(100) not null,
    event_id     char(36)     not null,
    processed_at datetime(6)  not null,
    primary key (consumer, event_id)
) engine = InnoDB;
