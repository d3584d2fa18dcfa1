package org.doorstep.testkit;

import io.restassured.specification.RequestSpecification;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** A service's audit trail ({@code GET /api/audit}) as a caller reads it, and what tests ask of it. */
public final class AuditTrail {

    private final List<Map<String, Object>> entries;

    private AuditTrail(List<Map<String, Object>> entries) {
        this.entries = entries;
    }

    /** Up to the newest 1000 entries the caller may read (a grid worker of a fresh grid reads only the test's own). */
    public static AuditTrail readBy(RequestSpecification caller) {
        return new AuditTrail(caller.queryParam("limit", 1000).get("/api/audit").then().statusCode(200)
                .extract().jsonPath().getList("$"));
    }

    public List<Map<String, Object>> entries() {
        return entries;
    }

    /** The buildings the entries name. */
    public Set<Long> buildings() {
        Set<Long> buildings = new TreeSet<>();
        entries.stream().map(e -> e.get("buildingId")).filter(Objects::nonNull)
                .forEach(id -> buildings.add(((Number) id).longValue()));
        return buildings;
    }

    /** The entries about one subject ("Order", 17). */
    public List<Map<String, Object>> about(String subjectType, Object subjectId) {
        return entries.stream().filter(e -> subjectType.equals(e.get("subjectType"))
                && String.valueOf(subjectId).equals(e.get("subjectId"))).toList();
    }

    /** The subjects of one type the entries are about. */
    public Set<String> subjects(String subjectType) {
        Set<String> ids = new TreeSet<>();
        entries.stream().filter(e -> subjectType.equals(e.get("subjectType")))
                .forEach(e -> ids.add(String.valueOf(e.get("subjectId"))));
        return ids;
    }

    /** The one entry of the action on the building; fails when there is none or several. */
    public Map<String, Object> only(String action, long buildingId) {
        List<Map<String, Object>> found = entries.stream().filter(e -> action.equals(e.get("action"))
                && e.get("buildingId") != null && ((Number) e.get("buildingId")).longValue() == buildingId).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + action + " of building " + buildingId + ", found " + found);
        }
        return found.get(0);
    }

    /** Every entry in which any of the texts appears, in any field. */
    public List<Map<String, Object>> containingAny(Collection<String> texts) {
        return entries.stream().filter(e -> texts.stream().anyMatch(t -> String.valueOf(e).contains(t))).toList();
    }
}
