-- Personal data has an end (issue 13, order-service/.../household/HouseholdErasure): once a household is erased, its
-- room, contact name and phone, its orders' notes, handoff codes and request hashes, and its meal plans' notes are
-- gone; ids, categories, statuses and times stay for the counts.
alter table household add column erased_at datetime(6) null,
    modify column room varchar(50) null,
    modify column contact_name varchar(100) null;
alter table resident_order modify column handoff_code char(6) null;
