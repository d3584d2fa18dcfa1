create table meal_plan (
    id           bigint       not null auto_increment primary key,
    household_id bigint       not null,
    days         varchar(100) not null,
    window_start time         not null,
    window_end   time         not null,
    items        varchar(4000) not null,
    note         varchar(500),
    status       varchar(20)  not null,
    created_at   datetime(6)  not null,
    version      bigint       not null default 0,
    constraint fk_meal_plan_household foreign key (household_id) references household (id),
    index ix_meal_plan_status (status)
) engine = InnoDB;

-- Who entered an order and how (the app, the hotline, a door knock, a meal plan, a bulk distribution);
-- a meal's delivery window; at most one order per meal plan and day, and per distribution and household.
alter table resident_order add column channel varchar(20) not null default 'APP',
    add column entered_by varchar(100) null,
    add column deliver_from datetime(6) null,
    add column deliver_by datetime(6) null,
    add column meal_plan_id bigint null,
    add column service_date date null,
    add column distribution_id bigint null,
    add unique key uq_order_meal_plan_day (meal_plan_id, service_date),
    add unique key uq_order_distribution_household (distribution_id, household_id);
