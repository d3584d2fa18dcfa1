package org.doorstep.order.mealplan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** A recurring meal for a household: on these days, in this window (e.g. an elderly canteen's lunch). */
@Entity
@Table(name = "meal_plan")
public class MealPlan extends PanacheEntityBase {

    public enum Status {
        ACTIVE, PAUSED, ENDED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "household_id", nullable = false)
    public long householdId;

    /** Comma-separated days of the week, e.g. MONDAY,WEDNESDAY. */
    @Column(nullable = false, length = 100)
    public String days;

    @Column(name = "window_start", nullable = false)
    public LocalTime windowStart;

    @Column(name = "window_end", nullable = false)
    public LocalTime windowEnd;

    /** JSON list of {name, quantity}. */
    @Column(nullable = false, length = 4000)
    public String items;

    @Column(length = 500)
    public String note;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Version
    public long version;

    public Set<DayOfWeek> dayset() {
        return Arrays.stream(days.split(",")).map(DayOfWeek::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DayOfWeek.class)));
    }

    public void setDays(Set<DayOfWeek> set) {
        days = EnumSet.copyOf(set).stream().map(Enum::name).collect(Collectors.joining(","));
    }
}
