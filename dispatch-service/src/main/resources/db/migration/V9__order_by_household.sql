-- A household's changed details (HouseholdChanged) reach its open orders: found by household, not by a scan.
create index ix_dispatch_order_household on dispatch_order (household_id, status);
