-- The owner of a compound's plan (dispatch-service, planning/CompoundPlans) keeps the plan in memory. Every change to
-- that plan moves this version under the row's lock, so an owner whose memory is older (another instance wrote, or
-- it rolled back) sees so and reads the plan again before it decides.
alter table compound add column plan_version bigint not null default 0;
