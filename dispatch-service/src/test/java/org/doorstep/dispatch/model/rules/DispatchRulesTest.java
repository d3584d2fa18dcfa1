package org.doorstep.dispatch.model.rules;

import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.contracts.Vetting;
import org.doorstep.common.rules.Ineligibility;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.VolunteerCopy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dispatch rules of DESIGN.md, one test per rule. */
class DispatchRulesTest {

    private static final Instant NOW = Instant.parse("2022-04-10T08:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(48);

    // What a status decides is whether a volunteer is sent to the door at all (dispatched) or the resident collects.

    @Test
    void sealed_building_gets_every_order_carried_to_the_door() {
        assertTrue(DispatchRules.deliveryFor(BuildingStatus.SEALED, false).dispatched(), "an ordinary household");
        assertTrue(DispatchRules.deliveryFor(BuildingStatus.SEALED, true).dispatched(), "a vulnerable household");
    }

    @Test
    void controlled_building_gets_every_order_carried_to_the_door_like_a_sealed_one() {
        assertTrue(DispatchRules.deliveryFor(BuildingStatus.CONTROLLED, false).dispatched(), "an ordinary household");
        assertTrue(DispatchRules.deliveryFor(BuildingStatus.CONTROLLED, true).dispatched(), "a vulnerable household");
    }

    @Test
    void precaution_building_delivers_to_the_door_only_for_vulnerable_households() {
        assertTrue(DispatchRules.deliveryFor(BuildingStatus.PRECAUTION, true).dispatched());
        assertFalse(DispatchRules.deliveryFor(BuildingStatus.PRECAUTION, false).dispatched());
    }

    @Test
    void open_building_is_not_dispatched() {
        assertFalse(DispatchRules.deliveryFor(BuildingStatus.OPEN, true).dispatched(), "not even a vulnerable one");
        assertFalse(DispatchRules.deliveryFor(BuildingStatus.OPEN, false).dispatched());
    }

    @Test
    void urgent_medicine_is_served_first_then_vulnerable_households_then_first_come() {
        DispatchOrder earlyFood = order(1, OrderCategory.FOOD, false, false, 0);
        DispatchOrder vulnerableLater = order(2, OrderCategory.FOOD, false, true, 10);
        DispatchOrder urgentMedicineLast = order(3, OrderCategory.MEDICINE, true, false, 20);
        DispatchOrder plainMedicine = order(4, OrderCategory.MEDICINE, false, false, 5);
        DispatchOrder urgentFoodIsNotMedicine = order(5, OrderCategory.FOOD, true, false, 1);

        List<Long> served = Stream.of(earlyFood, vulnerableLater, urgentMedicineLast, plainMedicine,
                        urgentFoodIsNotMedicine)
                .sorted(DispatchRules.ORDER_OF_SERVICE).map(o -> o.orderId).toList();

        assertEquals(List.of(3L, 2L, 1L, 5L, 4L), served);
    }

    @Test
    void a_vetted_on_duty_volunteer_with_a_recent_negative_test_serving_the_building_may_carry() {
        assertTrue(DispatchRules.whyNotCarry(volunteer(), sealedBuilding(), 0, 1, NOW, WINDOW).isEmpty());
    }

    @Test
    void an_unvetted_volunteer_may_not_carry() {
        VolunteerCopy v = volunteer();
        v.vetting = Vetting.PENDING;
        assertEquals(Set.of(Ineligibility.NOT_VETTED), whyNot(v, 0));
    }

    @Test
    void an_off_duty_volunteer_may_not_carry() {
        VolunteerCopy v = volunteer();
        v.onDuty = false;
        assertEquals(Set.of(Ineligibility.OFF_DUTY), whyNot(v, 0));
    }

    @Test
    void a_negative_test_older_than_the_window_is_not_enough() {
        VolunteerCopy v = volunteer();
        v.latestTestTakenAt = OffsetDateTime.ofInstant(NOW.minus(Duration.ofHours(49)), ZoneOffset.UTC);
        assertEquals(Set.of(Ineligibility.TEST_TOO_OLD), whyNot(v, 0));
    }

    @Test
    void a_positive_test_stops_a_volunteer() {
        VolunteerCopy v = volunteer();
        v.latestTestResult = TestResult.POSITIVE;
        assertEquals(Set.of(Ineligibility.POSITIVE_TEST), whyNot(v, 0));
    }

    @Test
    void a_volunteer_outside_the_buildings_compound_may_not_carry_there() {
        VolunteerCopy v = volunteer();
        v.compoundId = 99;
        assertEquals(Set.of(Ineligibility.OUTSIDE_COMPOUND), whyNot(v, 0));
    }

    @Test
    void a_volunteer_carries_only_for_the_buildings_they_serve() {
        VolunteerCopy v = volunteer();
        v.buildingIds = Set.of(11L);
        assertEquals(Set.of(Ineligibility.DOES_NOT_SERVE_BUILDING), whyNot(v, 0));
    }

    @Test
    void nobody_is_dispatched_to_an_open_building() {
        Building open = sealedBuilding();
        open.status = BuildingStatus.OPEN;
        assertEquals(Set.of(Ineligibility.BUILDING_NOT_UNDER_LOCKDOWN),
                DispatchRules.whyNotCarry(volunteer(), open, 0, 1, NOW, WINDOW));
    }

    @Test
    void no_volunteer_holds_more_than_their_capacity() {
        VolunteerCopy v = volunteer();
        assertTrue(whyNot(v, v.capacity - 1).isEmpty());
        assertEquals(Set.of(Ineligibility.AT_CAPACITY), whyNot(v, v.capacity));
    }

    @Test
    void a_meal_leaves_only_when_its_window_is_near() {
        DispatchOrder lunch = order(6, OrderCategory.MEAL, false, false, 0);
        lunch.deliverFrom = OffsetDateTime.ofInstant(NOW.plus(Duration.ofHours(3)), ZoneOffset.UTC);
        lunch.deliverBy = lunch.deliverFrom.plusHours(1);
        assertFalse(DispatchRules.isDue(lunch, NOW));
        assertTrue(DispatchRules.isDue(lunch, NOW.plus(Duration.ofHours(3)).minus(DispatchRules.MEAL_LEAD_TIME)));
        assertTrue(DispatchRules.isDue(order(7, OrderCategory.FOOD, false, false, 0), NOW));
    }

    @Test
    void meals_are_served_in_the_order_of_their_windows() {
        DispatchOrder lateLunch = order(8, OrderCategory.MEAL, false, false, 0);
        lateLunch.deliverFrom = OffsetDateTime.ofInstant(NOW.plus(Duration.ofMinutes(40)), ZoneOffset.UTC);
        DispatchOrder earlyLunch = order(9, OrderCategory.MEAL, false, false, 10);
        earlyLunch.deliverFrom = OffsetDateTime.ofInstant(NOW.plus(Duration.ofMinutes(20)), ZoneOffset.UTC);
        assertEquals(List.of(9L, 8L), Stream.of(lateLunch, earlyLunch).sorted(DispatchRules.ORDER_OF_SERVICE)
                .map(o -> o.orderId).toList());
    }

    @Test
    void a_failed_handoff_goes_back_to_the_queue_once_then_to_the_grid_worker() {
        assertEquals(DispatchStatus.QUEUED, DispatchRules.afterFailedHandoff(1));
        assertEquals(DispatchStatus.FAILED, DispatchRules.afterFailedHandoff(2));
    }

    @Test
    void urgent_medicine_is_late_after_30_minutes_a_meal_after_its_window_anything_else_after_a_day() {
        DispatchOrder medicine = order(10, OrderCategory.MEDICINE, true, false, 0);
        medicine.status = DispatchStatus.QUEUED;
        assertFalse(DispatchRules.isOverdue(medicine, NOW.plus(Duration.ofMinutes(29))));
        assertTrue(DispatchRules.isOverdue(medicine, NOW.plus(Duration.ofMinutes(31))));

        DispatchOrder meal = order(11, OrderCategory.MEAL, false, false, 0);
        meal.status = DispatchStatus.ASSIGNED;
        meal.deliverFrom = OffsetDateTime.ofInstant(NOW.plus(Duration.ofHours(3)), ZoneOffset.UTC);
        meal.deliverBy = meal.deliverFrom.plusHours(1);
        assertFalse(DispatchRules.isOverdue(meal, NOW.plus(Duration.ofHours(4))));
        assertTrue(DispatchRules.isOverdue(meal, NOW.plus(Duration.ofHours(4)).plusSeconds(1)));

        DispatchOrder food = order(12, OrderCategory.FOOD, false, false, 0);
        food.status = DispatchStatus.PICKED_UP;
        assertFalse(DispatchRules.isOverdue(food, NOW.plus(Duration.ofHours(23))));
        assertTrue(DispatchRules.isOverdue(food, NOW.plus(Duration.ofHours(25))));

        food.status = DispatchStatus.DELIVERED;
        assertFalse(DispatchRules.isOverdue(food, NOW.plus(Duration.ofHours(25))), "delivered is never late");
    }

    private static Set<Ineligibility> whyNot(VolunteerCopy volunteer, int load) {
        return DispatchRules.whyNotCarry(volunteer, sealedBuilding(), load, 1, NOW, WINDOW);
    }

    private static Building sealedBuilding() {
        Building building = new Building();
        building.id = 10L;
        building.compoundId = 1;
        building.status = BuildingStatus.SEALED;
        return building;
    }

    private static VolunteerCopy volunteer() {
        VolunteerCopy v = new VolunteerCopy();
        v.volunteerId = 7L;
        v.compoundId = 1;
        v.buildingIds = Set.of(10L);
        v.capacity = 5;
        v.vetting = Vetting.APPROVED;
        v.onDuty = true;
        v.latestTestResult = TestResult.NEGATIVE;
        v.latestTestTakenAt = OffsetDateTime.ofInstant(NOW.minus(Duration.ofHours(6)), ZoneOffset.UTC);
        return v;
    }

    private static DispatchOrder order(long id, OrderCategory category, boolean urgent, boolean vulnerable,
                                       int minutesAfterEight) {
        DispatchOrder order = new DispatchOrder();
        order.orderId = id;
        order.category = category;
        order.urgent = urgent;
        order.vulnerable = vulnerable;
        order.placedAt = OffsetDateTime.ofInstant(NOW.plus(Duration.ofMinutes(minutesAfterEight)), ZoneOffset.UTC);
        return order;
    }

    // A handoff confirmed offline carries the time it was made; that time must be one the handoff could have had.

    @Test
    void an_offline_handoff_time_may_be_up_to_two_minutes_ahead_but_not_more() {
        OffsetDateTime pickedUp = OffsetDateTime.ofInstant(NOW.minus(Duration.ofHours(1)), ZoneOffset.UTC);
        assertEquals(null, DispatchRules.whyNotHandoffTime(OffsetDateTime.ofInstant(NOW.plusSeconds(119),
                ZoneOffset.ofHours(8)), pickedUp, NOW), "a phone's clock a little ahead");
        assertTrue(DispatchRules.whyNotHandoffTime(OffsetDateTime.ofInstant(NOW.plusSeconds(121), ZoneOffset.UTC),
                pickedUp, NOW).contains("future"));
    }

    @Test
    void an_offline_handoff_time_is_not_before_the_pickup_beyond_two_minutes_of_clock_skew() {
        OffsetDateTime pickedUp = OffsetDateTime.ofInstant(NOW.minus(Duration.ofHours(1)), ZoneOffset.UTC);
        assertEquals(null, DispatchRules.whyNotHandoffTime(pickedUp, pickedUp, NOW), "at the moment of pickup");
        // The pickup was timed by the server, the confirmation by the phone: a phone a little behind is believed.
        assertEquals(null, DispatchRules.whyNotHandoffTime(pickedUp.minusSeconds(1), pickedUp, NOW),
                "a phone's clock a second behind");
        assertEquals(null, DispatchRules.whyNotHandoffTime(pickedUp.minusSeconds(119)
                .withOffsetSameInstant(ZoneOffset.ofHours(8)), pickedUp, NOW), "a phone's clock a little behind");
        assertTrue(DispatchRules.whyNotHandoffTime(pickedUp.minusSeconds(121), pickedUp, NOW).contains("picked up"));
    }

    @Test
    void an_offline_handoff_time_within_the_skew_before_the_pickup_is_recorded_at_the_pickup() {
        OffsetDateTime now = OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC);
        OffsetDateTime pickedUp = now.minusHours(1);
        assertEquals(pickedUp, DispatchRules.handoffTime(pickedUp.minusSeconds(90), pickedUp, now),
                "never before the pickup in the order's history");
        OffsetDateTime atTheDoor = pickedUp.plusMinutes(20).withOffsetSameInstant(ZoneOffset.ofHours(8));
        assertEquals(atTheDoor.toInstant(), DispatchRules.handoffTime(atTheDoor, pickedUp, now).toInstant());
        assertEquals(ZoneOffset.UTC, DispatchRules.handoffTime(atTheDoor, pickedUp, now).getOffset());
        assertEquals(now, DispatchRules.handoffTime(null, pickedUp, now), "confirmed online: now");
    }

    @Test
    void an_offline_handoff_time_is_at_most_twelve_hours_old() {
        OffsetDateTime pickedUp = OffsetDateTime.ofInstant(NOW.minus(Duration.ofHours(20)), ZoneOffset.UTC);
        assertEquals(null, DispatchRules.whyNotHandoffTime(
                OffsetDateTime.ofInstant(NOW.minus(Duration.ofHours(12)), ZoneOffset.UTC), pickedUp, NOW));
        assertTrue(DispatchRules.whyNotHandoffTime(OffsetDateTime.ofInstant(NOW.minus(Duration.ofHours(12))
                .minusSeconds(1), ZoneOffset.UTC), pickedUp, NOW).contains("12 hours"));
    }
}
