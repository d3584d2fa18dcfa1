-- Limits (issue 13, order-service/.../limits): how many households a resident account holds, how many open orders a
-- household has.
-- A row per resident account that holds households: registering one for the account locks its row first, so that two
-- registrations at the same moment are counted one after the other. The same collation as household.owner_account,
-- which the count compares with.
create table resident_account (
    account varchar(100) not null primary key
) engine = InnoDB;

-- An intake group counts its households' open orders (by status, urgent medicine among them) from the index alone,
-- without reading each household's whole history.
alter table resident_order add index ix_order_household_open (household_id, status, category, urgent);
