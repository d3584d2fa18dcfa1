-- Events the other services' consumers (order-service, volunteer-service) set aside, read by dispatch from
-- doorstep.dead-letter (intake/OtherServicesSetAside) so their grid workers see them too. The letter a row came from
-- (its partition, offset and time) is unique: a letter read again (after a restart before its offset was committed,
-- or by another instance after a rebalance) is recorded once; the time tells a topic created anew, whose offsets
-- start from 0 again, from the old one. Null for the rows of dispatch's own consumers (SetAsideEvents).
alter table set_aside_event
    add column letter_partition int    null,
    add column letter_offset    bigint null,
    add unique key uk_set_aside_letter (letter_partition, letter_offset, set_aside_at);
