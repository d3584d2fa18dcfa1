package org.doorstep.volunteer.notify;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.doorstep.common.notify.Notice;
import org.doorstep.common.security.Caller;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.List;

/** The signed-in volunteer's messages (issue 15): their run calls, newest first, sent or not and why not. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications")
public class VolunteerMeResource {

    /** Every field is always in the JSON; those marked nullable are null when they do not apply. */
    @Schema(name = "VolunteerNotification")
    public record VolunteerNotificationView(
            Call kind,
            @Schema(description = "The run it is about") long runId,
            @Schema(nullable = true, description = "The urgent order added to the run, for URGENT_ORDER") Long orderId,
            @Schema(description = "When it happened") OffsetDateTime at,
            @Schema(nullable = true, description = "How it was sent or tried; null if by none (yet)")
            Notice.Channel channel,
            boolean sent,
            @Schema(nullable = true, description = "Why it was not sent (yet)") String reason) {
    }

    @Inject
    Caller caller;

    @Inject
    VolunteerNotices notices;

    @GET
    @Path("/notifications")
    @RolesAllowed("VOLUNTEER")
    @Operation(summary = "The volunteer's own messages, newest first: a new run, an urgent order added, a run taken "
            + "back; when, by which channel, sent or not and why not (the latest 200)")
    public List<VolunteerNotificationView> notifications() {
        return notices.list(VolunteerNotices.recipientOf(caller.volunteerId()), 200).stream()
                .map(n -> new VolunteerNotificationView(Call.valueOf(n.kind()),
                        Long.parseLong(VolunteerNotices.runOf(n)), VolunteerNotices.orderOf(n), n.createdAt(),
                        n.channel(), n.sent(), n.reasonShown()))
                .toList();
    }
}
