-- Blocks of ids reserved for a table's new rows (IdBlocks): the next id not yet handed out, per table.
create table id_block (
    name    varchar(64) not null primary key,
    next_id bigint      not null
) engine = InnoDB;
