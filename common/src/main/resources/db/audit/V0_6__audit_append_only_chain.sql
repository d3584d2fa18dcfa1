-- The audit trail is append-only and chained (issue 13; common/.../audit/AuditChain.java). Every transaction's entries
-- are one batch; a batch's hash covers its entries and the hash of the batch before, so an entry changed, removed or
-- slipped in afterwards shows at its batch. Writers take turns on the one chain-head row, locked only while a batch is
-- appended at commit. Entries written before this migration have no batch and are not chained.
alter table audit_entry add column batch_id bigint null, add index ix_audit_entry_batch (batch_id, id);

create table audit_batch (
    id         bigint      not null primary key,
    entries    int         not null,
    hash       char(64)    not null,
    written_at datetime(6) not null
) engine = InnoDB;

create table audit_chain_head (
    id       tinyint  not null primary key,
    batch_id bigint   not null,
    hash     char(64) not null
) engine = InnoDB;
insert into audit_chain_head (id, batch_id, hash) values (1, 0, repeat('0', 64));

-- The services' own account may add entries, never change or remove one: the database refuses it, whatever the code.
create trigger audit_entry_no_update before update on audit_entry for each row
    signal sqlstate '45000' set message_text = 'audit entries are append-only';
create trigger audit_entry_no_delete before delete on audit_entry for each row
    signal sqlstate '45000' set message_text = 'audit entries are append-only';
create trigger audit_batch_no_update before update on audit_batch for each row
    signal sqlstate '45000' set message_text = 'audit batches are append-only';
create trigger audit_batch_no_delete before delete on audit_batch for each row
    signal sqlstate '45000' set message_text = 'audit batches are append-only';
