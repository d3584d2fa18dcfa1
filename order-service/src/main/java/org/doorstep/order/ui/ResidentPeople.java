package org.doorstep.order.ui;

import jakarta.enterprise.context.ApplicationScoped;
import org.doorstep.common.ui.DemoPeople;
import org.doorstep.order.household.Household;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** On the local sign-in page: each resident account, with the households it owns. */
@ApplicationScoped
public class ResidentPeople implements DemoPeople {

    @Override
    public List<Person> people() {
        Map<String, String> accounts = new LinkedHashMap<>();
        for (Household h : Household.<Household>list("ownerAccount is not null order by id")) {
            accounts.merge(h.ownerAccount, h.contactName + " (room " + h.room + ")", (a, b) -> a + ", " + b);
        }
        return accounts.entrySet().stream()
                .map(e -> new Person("RESIDENT", e.getKey(), List.of(), "Resident " + e.getKey() + " — " + e.getValue(),
                        "/resident/"))
                .toList();
    }
}
