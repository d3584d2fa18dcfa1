-- Who recorded each test (issue 13): the volunteer themself (VOLUNTEER) or a grid worker or admin who saw the result
-- (GRID_WORKER, ADMIN). A positive a grid worker or admin recorded stands until one of them records a negative taken
-- after it; the volunteer's own negative never lifts it (common/.../rules/VolunteerFitness).
alter table volunteer_test add column recorded_by varchar(20) null;

-- Tests recorded before: the role comes from the audit entry written in the same transaction (same volunteer, same
-- result, within a second of the test's recorded_at). Ids compare as bytes: a number made text takes the connection's
-- collation, which need not be the table's.
update volunteer_test t
set t.recorded_by = (select a.role from audit_entry a
                     where a.action = 'TEST_RECORDED' and a.subject_type = 'Volunteer'
                       and cast(a.subject_id as binary) = cast(t.volunteer_id as binary)
                       and a.detail like concat(t.result, ' taken %')
                       and a.role in ('VOLUNTEER', 'GRID_WORKER', 'ADMIN')
                       and a.at between t.recorded_at - interval 1 second and t.recorded_at + interval 1 second
                     order by abs(timestampdiff(microsecond, a.at, t.recorded_at))
                     limit 1);

-- Without an entry, against the volunteer: a positive as a grid worker's, a negative as the volunteer's own.
update volunteer_test set recorded_by = if(result = 'POSITIVE', 'GRID_WORKER', 'VOLUNTEER') where recorded_by is null;

alter table volunteer_test modify column recorded_by varchar(20) not null;
