-- The resident account that registered a household (or that a grid worker linked it to) owns it and its orders.
-- Null for a household without a phone: only its grid worker acts for it.
alter table household add column owner_account varchar(100) null, add index ix_household_owner (owner_account);
