package org.doorstep.order.household;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.doorstep.common.buildings.BuildingDirectory;
import org.doorstep.common.contracts.HouseholdChanged;
import org.doorstep.common.contracts.Phones;
import org.doorstep.common.contracts.Vulnerability;
import org.doorstep.common.events.Topic;
import org.doorstep.common.outbox.Outbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * Changes a household's details and tells dispatch, whose open orders of the household carry its room, contact, masked
 * phone and whether it is vulnerable: the event joins the change's transaction (the outbox), so both happen or neither.
 */
@ApplicationScoped
public class HouseholdChanges {

    @Inject
    Outbox outbox;

    @Inject
    BuildingDirectory buildings;

    /** Applies the fields the change gives; the names of those that changed (none: nothing written, nothing sent). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> change(Household household, HouseholdApi.HouseholdChange change) {
        List<String> changed = new ArrayList<>();
        if (change.gives("room") && !change.getRoom().trim().equals(household.room)) {
            household.room = change.getRoom().trim();
            changed.add("room");
        }
        if (change.gives("contactName") && !change.getContactName().trim().equals(household.contactName)) {
            household.contactName = change.getContactName().trim();
            changed.add("contactName");
        }
        String phone = change.getPhone() == null ? null : change.getPhone().trim();
        if (change.gives("phone") && !Objects.equals(phone, household.phone)) {
            household.phone = phone;
            changed.add("phone");
        }
        if (change.gives("people") && change.getPeople() != household.people) {
            household.people = change.getPeople();
            changed.add("people");
        }
        if (change.gives("vulnerabilities")) {
            EnumSet<Vulnerability> vulnerabilities = change.getVulnerabilities().isEmpty()
                    ? EnumSet.noneOf(Vulnerability.class) : EnumSet.copyOf(change.getVulnerabilities());
            if (!vulnerabilities.equals(household.vulnerabilities)) {
                household.vulnerabilities.clear();
                household.vulnerabilities.addAll(vulnerabilities);
                changed.add("vulnerabilities");
            }
        }
        if (!changed.isEmpty()) {
            outbox.publish(Topic.ORDERS, buildings.eventKey(household.buildingId), HouseholdChanged.TYPE,
                    "Household", household.id, new HouseholdChanged(household.id, household.buildingId,
                            household.room, household.contactName, Phones.mask(household.phone),
                            List.copyOf(household.vulnerabilities), household.people,
                            OffsetDateTime.now(ZoneOffset.UTC)));
        }
        return changed;
    }
}
