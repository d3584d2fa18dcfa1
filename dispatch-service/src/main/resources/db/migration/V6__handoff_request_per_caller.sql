-- A handoff's Idempotency-Key is its volunteer's (the token's subject): another volunteer's same key is another
-- handoff. Subjects and keys compare byte for byte, as the service compares them. The request hash is now an HMAC
-- under the server's secret; the rows kept so far hold a plain SHA-256 of the handoff with its six-digit code, which
-- anyone reading the table could reverse by trying every code, and served only retries of a few seconds: gone.
delete from handoff_request;
alter table handoff_request
    add column subject varchar(255) character set utf8mb4 collate utf8mb4_bin not null first,
    modify column idempotency_key varchar(100) character set utf8mb4 collate utf8mb4_bin not null,
    drop primary key,
    add primary key (subject, idempotency_key);
