-- Where a consumer group stands on each partition it reads, written in the transaction that applies the partition's
-- events, and the epoch of the instance that holds it: each instance that takes a partition raises the epoch, so one
-- that lost it (paused past its session, then resumed) cannot commit behind the new holder's back.
create table consumer_partition (
    consumer_group varchar(100) not null,
    topic          varchar(100) not null,
    partition_no   int          not null,
    next_offset    bigint       not null,
    epoch          bigint       not null,
    primary key (consumer_group, topic, partition_no)
) engine = InnoDB;
