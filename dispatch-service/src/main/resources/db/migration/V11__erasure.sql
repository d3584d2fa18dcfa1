-- A household's erasure (HouseholdErased from order-service) finds its orders by household: without an index each
-- erasure of a compound's thousand households would read every order.
alter table dispatch_order add index ix_dispatch_order_household (household_id);
