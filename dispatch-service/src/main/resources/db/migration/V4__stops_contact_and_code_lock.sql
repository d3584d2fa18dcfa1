-- Which door, for the volunteer of the run (the phone arrives masked), and the lock after too many wrong codes.
alter table dispatch_order add column room varchar(50) null,
    add column contact_name varchar(100) null,
    add column masked_phone varchar(30) null,
    add column wrong_codes int not null default 0,
    add column handoff_locked boolean not null default false;
