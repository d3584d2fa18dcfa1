-- When a stop's handoff happened: the moment the volunteer confirmed it at the door, which for a confirmation made
-- offline is earlier than the moment it reached the server. Null for stops before this column and open ones.
alter table run_stop add column handed_off_at datetime(6) null;
