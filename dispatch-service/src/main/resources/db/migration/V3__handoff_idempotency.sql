-- A volunteer's phone may send a handoff twice (double tap, retry after a lost answer): the key makes it once.
create table handoff_request (
    idempotency_key varchar(100) not null primary key,
    run_id          bigint       not null,
    request_hash    char(64)     not null,
    created_at      datetime(6)  not null
) engine = InnoDB;
