package org.doorstep.dispatch.notify;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.doorstep.common.notify.Notice;
import org.doorstep.common.security.Caller;
import org.doorstep.dispatch.planning.GridAlerts.AlertType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.List;

/** The signed-in grid worker's alerts as messages (issue 15), newest first, sent or not and why not. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications")
public class GridWorkerMeResource {

    /** Every field is always in the JSON; those marked nullable are null when they do not apply. */
    @Schema(name = "GridWorkerNotification")
    public record GridWorkerNotificationView(
            AlertType kind,
            @Schema(description = "The building the alert is about") long buildingId,
            @Schema(nullable = true, description = "The order it is about; null for a building's alert") Long orderId,
            @Schema(description = "When it was found") OffsetDateTime at,
            @Schema(nullable = true, description = "How it was sent or tried; null if by none (yet)")
            Notice.Channel channel,
            boolean sent,
            @Schema(nullable = true, description = "Why it was not sent (yet)") String reason) {
    }

    @Inject
    Caller caller;

    @Inject
    GridWorkerNotices notices;

    @GET
    @Path("/notifications")
    @RolesAllowed("GRID_WORKER")
    @Operation(summary = "The grid worker's own alerts as messages, newest first: urgent medicine past target, a "
            + "coverage gap, a locked or failed handoff, an event set aside, a household no message reached; when, by "
            + "which channel, sent or not and why not (the latest 200)")
    public List<GridWorkerNotificationView> notifications() {
        return notices.list(GridWorkerNotices.recipientOf(caller.subject()), 200).stream()
                .map(n -> new GridWorkerNotificationView(AlertType.valueOf(n.kind()), GridWorkerNotices.buildingOf(n),
                        GridWorkerNotices.orderOf(n), n.createdAt(), n.channel(), n.sent(), n.reasonShown()))
                .toList();
    }
}
