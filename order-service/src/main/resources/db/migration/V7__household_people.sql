-- How many people live in the household (issue 14): the mini-program asks it on registration; 1 unless told.
alter table household add column people int not null default 1;
