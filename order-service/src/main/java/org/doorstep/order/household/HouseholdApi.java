package org.doorstep.order.household;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.doorstep.common.contracts.Vulnerability;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public final class HouseholdApi {

    private HouseholdApi() {
    }

    /** A household holds at most this many people (a flat; more is a typing error). */
    static final int MOST_PEOPLE = 20;
    static final String PHONE = "\\+?[0-9 -]{5,20}";
    static final String PHONE_MESSAGE = "must be a phone number of 5 to 20 digits";

    public record NewHousehold(
            @NotNull @Positive Long buildingId,
            @NotBlank @Size(max = 50) String room,
            @NotBlank @Size(max = 100) String contactName,
            @Pattern(regexp = PHONE, message = PHONE_MESSAGE) String phone,
            @Size(max = 6) List<@NotNull Vulnerability> vulnerabilities,
            @Schema(description = "How many people live there; 1 unless given", defaultValue = "1")
            @Min(1) @Max(MOST_PEOPLE) Integer people,
            @Size(max = 100) String account,
            @Size(max = 500) String overrideLimitReason) {
    }

    public record HouseholdView(long id, long buildingId, String room, String contactName,
                                @Schema(nullable = true, description = "None for a household without a phone")
                                String phone,
                                Set<Vulnerability> vulnerabilities,
                                @Schema(description = "How many people live there") int people,
                                @Schema(nullable = true, description = "The resident account it belongs to; none for "
                                        + "a household without one") String account,
                                OffsetDateTime createdAt) {
    }

    /**
     * A change to a household (PATCH): a field left out stays as it is; {@code phone: null} removes the phone. The
     * other fields cannot be removed, only changed, with the rules of registration. Jackson calls a setter for each
     * field the body names, null or not, which is how a left-out field is told from a null one.
     */
    @Schema(name = "HouseholdChange", description = "Any of the fields; a field left out stays as it is, phone: null "
            + "removes the phone")
    public static final class HouseholdChange {

        private String room;
        private String contactName;
        private String phone;
        private Integer people;
        private List<Vulnerability> vulnerabilities;
        @Schema(hidden = true)
        @com.fasterxml.jackson.annotation.JsonIgnore
        private final Set<String> given = new java.util.HashSet<>();

        @Size(min = 1, max = 50)
        @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        public String getRoom() {
            return room;
        }

        public void setRoom(String room) {
            this.room = room;
            given.add("room");
        }

        @Size(min = 1, max = 100)
        @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        public String getContactName() {
            return contactName;
        }

        public void setContactName(String contactName) {
            this.contactName = contactName;
            given.add("contactName");
        }

        @Schema(nullable = true, description = "null removes the phone")
        @Pattern(regexp = PHONE, message = PHONE_MESSAGE)
        public String getPhone() {
            return phone;
        }

        public void setPhone(String phone) {
            this.phone = phone;
            given.add("phone");
        }

        @Min(1)
        @Max(MOST_PEOPLE)
        public Integer getPeople() {
            return people;
        }

        public void setPeople(Integer people) {
            this.people = people;
            given.add("people");
        }

        @Size(max = 6)
        public List<@NotNull Vulnerability> getVulnerabilities() {
            return vulnerabilities;
        }

        public void setVulnerabilities(List<Vulnerability> vulnerabilities) {
            this.vulnerabilities = vulnerabilities;
            given.add("vulnerabilities");
        }

        /** Whether the body names the field (with a value or null). */
        public boolean gives(String field) {
            return given.contains(field);
        }

        @AssertTrue(message = "room, contactName, people and vulnerabilities can be changed but not removed: give a "
                + "value, or leave the field out (vulnerabilities: [] for none)")
        @Schema(hidden = true) // a rule of the body, not a field of it
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isNothingRequiredRemoved() {
            return !(gives("room") && room == null) && !(gives("contactName") && contactName == null)
                    && !(gives("people") && people == null) && !(gives("vulnerabilities") && vulnerabilities == null);
        }
    }
}
