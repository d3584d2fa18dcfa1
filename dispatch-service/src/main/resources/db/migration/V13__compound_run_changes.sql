-- How many times the volunteers' pickups and handoffs changed a compound's runs (planning/CompoundPlans). They no longer
-- take the compound's row, which planning holds while it decides: they count here instead, and the owner of the plan
-- reads the count (without a lock) when it takes the plan, and the runs and loads again when it moved.
create table compound_run_changes (
    compound_id bigint not null primary key,
    changes     bigint not null
);
