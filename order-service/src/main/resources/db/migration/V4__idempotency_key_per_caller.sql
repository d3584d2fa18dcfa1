-- An Idempotency-Key is its caller's (the token's subject; for an order entered on a household's behalf, the grid
-- worker's): the same key from another person is another request, never a replay of their order and its code.
-- Subjects and keys compare byte for byte, as the services compare them: under the database's case-insensitive
-- collation "Chen" and "chen" would share their keys. Orders placed before have no caller recorded; their keys stay
-- as they were and are never looked up again.
alter table resident_order
    add column idempotency_subject varchar(255) character set utf8mb4 collate utf8mb4_bin null after handoff_code,
    modify column idempotency_key varchar(100) character set utf8mb4 collate utf8mb4_bin null,
    drop index uq_order_idempotency_key,
    add unique key uq_order_idempotency_key (idempotency_subject, idempotency_key);
