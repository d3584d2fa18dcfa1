-- Erasing a household (order-service/.../erasure/HouseholdErasure) blanks its messages' personal content: found by
-- household, without reading every recipient's messages.
create index ix_notification_household on notification (household_id);
