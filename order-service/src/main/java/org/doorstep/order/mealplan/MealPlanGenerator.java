package org.doorstep.order.mealplan;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.Failures;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.order.household.Household;
import org.doorstep.order.order.Order;
import org.doorstep.order.order.OrderChannel;
import org.doorstep.order.order.OrderDraft;
import org.doorstep.order.order.OrderItem;
import org.doorstep.order.order.OrderService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Makes the day's meal orders from the active plans: one order per plan and day, never two, each with the plan's
 * delivery window on that day. Runs by itself every few minutes for today (so a restart never skips a day);
 * a window already over is not ordered any more.
 */
@ApplicationScoped
public class MealPlanGenerator {

    private static final Logger LOG = Logger.getLogger(MealPlanGenerator.class);

    public record Result(LocalDate date, int created, int alreadyThere, int windowOver) {
    }

    @Inject
    OrderService orders;

    @Inject
    ObjectMapper mapper;

    /** The district's local time zone: meal windows are local times. */
    @ConfigProperty(name = "doorstep.timezone", defaultValue = "Asia/Shanghai")
    ZoneId zone;

    @Scheduled(every = "${doorstep.meal-plans.every:5m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void today() {
        Result result = generate(LocalDate.now(zone));
        if (result.created() > 0) {
            LOG.infof("Meal plans: %d meal orders made for %s", result.created(), result.date());
        }
    }

    public Result generate(LocalDate date) {
        List<MealPlan> plans = QuarkusTransaction.requiringNew().call(() ->
                MealPlan.<MealPlan>list("status", MealPlan.Status.ACTIVE));
        int created = 0;
        int there = 0;
        int over = 0;
        for (MealPlan plan : plans) {
            if (!plan.dayset().contains(date.getDayOfWeek())) {
                continue;
            }
            OffsetDateTime from = date.atTime(plan.windowStart).atZone(zone).toOffsetDateTime();
            OffsetDateTime to = date.atTime(plan.windowEnd).atZone(zone).toOffsetDateTime();
            if (!to.toInstant().isAfter(Instant.now())) {
                over++;
                continue;
            }
            boolean made;
            try {
                made = QuarkusTransaction.requiringNew().call(() -> {
                if (Order.count("mealPlanId = ?1 and serviceDate = ?2", plan.id, date) > 0) {
                    return false;
                }
                Household household = Household.findById(plan.householdId);
                List<OrderItem> items = MealPlanResource.read(mapper, plan.items).stream()
                        .map(i -> new OrderItem(i.name(), i.quantity())).toList();
                orders.create(household, new OrderDraft(OrderCategory.MEAL, items, false, plan.note, from, to,
                        OrderChannel.MEAL_PLAN, "meal plan " + plan.id, plan.id, date, null));
                return true;
                });
            } catch (RuntimeException raced) {
                if (!Failures.duplicateKey(raced)) {
                    throw raced;
                }
                // Made at the same moment by the other generation (the unique key of plan and day held).
                made = false;
            }
            if (made) {
                created++;
            } else {
                there++;
            }
        }
        return new Result(date, created, there, over);
    }
}
