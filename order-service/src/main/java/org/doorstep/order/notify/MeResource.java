package org.doorstep.order.notify;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.doorstep.common.notify.Consents;
import org.doorstep.common.security.Caller;
import org.doorstep.common.security.Role;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signed-in person's messages (issue 15): which WeChat templates the mini-program should ask consent for, the
 * consents left, what they accepted, and their message list. Residents only for now; volunteers' and grid workers'
 * messages come later, and until then their list is empty.
 */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications")
public class MeResource {

    public record Subscriptions(
            @Schema(description = "The template id of each kind of message, for wx.requestSubscribeMessage",
                    example = "{\"DELIVERED\": \"tmpl-delivered\", \"FAILED\": \"tmpl-failed\"}")
            Map<String, String> templates,
            @Schema(description = "How many messages of each template the resident still allows",
                    example = "{\"tmpl-delivered\": 2}")
            Map<String, Integer> consents) {
    }

    /** Every field is always in the JSON; those marked nullable are null when they do not apply. */
    public record NotificationView(
            Kind kind,
            @Schema(nullable = true, description = "For an order's step") Long orderId,
            @Schema(nullable = true, description = "For a building's status") Long buildingId,
            @Schema(description = "When it happened") OffsetDateTime at,
            @Schema(nullable = true, description = "How it was sent or tried; null if by none (yet)")
            Notification.Channel channel,
            boolean sent,
            @Schema(nullable = true, description = "Why it was not sent (yet)") String reason) {
    }

    @Inject
    Caller caller;

    @Inject
    NotifyConfig config;

    @Inject
    Consents consents;

    @Inject
    NotificationSender sender;

    @GET
    @Path("/subscriptions")
    @RolesAllowed("RESIDENT")
    @Operation(summary = "The WeChat templates to ask consent for, by kind of message, and the consents left")
    public Subscriptions subscriptions() {
        return new Subscriptions(templates(), consents.left(caller.subject()));
    }

    @POST
    @Path("/subscriptions")
    @RolesAllowed("RESIDENT")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "What the resident answered in WeChat, per template: each \"accept\" allows one more message "
            + "of it; \"reject\" (or WeChat's \"ban\", \"filter\") none. Answers the consents as they are now")
    @RequestBody(required = true, content = @Content(schema = @Schema(type = SchemaType.OBJECT,
            example = "{\"tmpl-delivered\": \"accept\", \"tmpl-assigned\": \"reject\"}",
            additionalProperties = String.class)))
    @APIResponse(responseCode = "200", description = "The templates and the consents left",
            content = @Content(schema = @Schema(implementation = Subscriptions.class)))
    @APIResponse(responseCode = "422", description = "A template id that is not one of this server's; nothing was "
            + "recorded")
    public Subscriptions answer(Map<String, String> answers) {
        consents.answer(caller.subject(), answers, Set.copyOf(templates().values()));
        return subscriptions();
    }

    @GET
    @Path("/notifications")
    @RolesAllowed({"RESIDENT", "VOLUNTEER", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "The caller's own messages, newest first: what, when, by which channel, sent or not and why "
            + "not (the latest 200)")
    public List<NotificationView> notifications() {
        if (!caller.is(Role.RESIDENT)) {
            return List.of();
        }
        return sender.list(caller.subject(), 200).stream()
                .map(n -> new NotificationView(Kind.valueOf(n.kind()),
                        n.subject().startsWith("order:") ? Long.valueOf(NotificationSender.number(n)) : null,
                        n.subject().startsWith("building:") ? Long.valueOf(NotificationSender.number(n)) : null,
                        n.createdAt(),
                        n.channel() == null ? null : Notification.Channel.valueOf(n.channel().name()),
                        n.sent(),
                        n.reasonShown()))
                .toList();
    }

    private Map<String, String> templates() {
        return Consents.templates(Kind.values(), config.template()::of);
    }
}
