package org.doorstep.volunteer.notify;

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
import org.doorstep.common.notify.Notice;
import org.doorstep.common.security.Caller;
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
 * The signed-in volunteer's messages (issue 15): which WeChat templates the mini-program should ask consent for, the
 * consents left, what they accepted, and their run calls, newest first, sent or not and why not.
 */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications")
public class VolunteerMeResource {

    /** Every field is always in the JSON; those marked nullable are null when they do not apply. */
    @Schema(name = "VolunteerNotification")
    public record VolunteerNotificationView(
            Call kind,
            @Schema(nullable = true, description = "The run it is about; null for TEST_DUE") Long runId,
            @Schema(nullable = true, description = "The urgent order added to the run, for URGENT_ORDER") Long orderId,
            @Schema(description = "When it happened") OffsetDateTime at,
            @Schema(nullable = true, description = "How it was sent or tried; null if by none (yet)")
            Notice.Channel channel,
            boolean sent,
            @Schema(nullable = true, description = "Why it was not sent (yet)") String reason) {
    }

    @Schema(name = "VolunteerSubscriptions")
    public record Subscriptions(
            @Schema(description = "The template id of each kind of message, for wx.requestSubscribeMessage",
                    example = "{\"NEW_RUN\": \"tmpl-new-run\", \"URGENT_ORDER\": \"tmpl-urgent-order\"}")
            Map<String, String> templates,
            @Schema(description = "How many messages of each template the volunteer still allows",
                    example = "{\"tmpl-new-run\": 2}")
            Map<String, Integer> consents) {
    }

    @Inject
    Caller caller;

    @Inject
    VolunteerNotifyConfig config;

    @Inject
    Consents consents;

    @Inject
    VolunteerNotices notices;

    @GET
    @Path("/subscriptions")
    @RolesAllowed("VOLUNTEER")
    @Operation(summary = "The WeChat templates to ask the volunteer's consent for, by kind of message, and the consents "
            + "left")
    public Subscriptions subscriptions() {
        return new Subscriptions(templates(), consents.left(me()));
    }

    @POST
    @Path("/subscriptions")
    @RolesAllowed("VOLUNTEER")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "What the volunteer answered in WeChat, per template: each \"accept\" allows one more message "
            + "of it; \"reject\" (or WeChat's \"ban\", \"filter\") none. Answers the consents as they are now")
    @RequestBody(required = true, content = @Content(schema = @Schema(type = SchemaType.OBJECT,
            example = "{\"tmpl-new-run\": \"accept\", \"tmpl-run-taken-back\": \"reject\"}",
            additionalProperties = String.class)))
    @APIResponse(responseCode = "200", description = "The templates and the consents left",
            content = @Content(schema = @Schema(implementation = Subscriptions.class)))
    @APIResponse(responseCode = "422", description = "A template id that is not one of this server's; nothing was "
            + "recorded")
    public Subscriptions answer(Map<String, String> answers) {
        consents.answer(me(), answers, Set.copyOf(templates().values()));
        return subscriptions();
    }

    @GET
    @Path("/notifications")
    @RolesAllowed("VOLUNTEER")
    @Operation(summary = "The volunteer's own messages, newest first: a new run, an urgent order added, a run taken "
            + "back, a test about to leave its window; when, by which channel, sent or not and why not (the latest 200)")
    public List<VolunteerNotificationView> notifications() {
        return notices.list(me(), 200).stream()
                .map(n -> new VolunteerNotificationView(Call.valueOf(n.kind()),
                        VolunteerNotices.runOf(n) == null ? null : Long.valueOf(VolunteerNotices.runOf(n)),
                        VolunteerNotices.orderOf(n), n.createdAt(),
                        n.channel(), n.sent(), n.reasonShown()))
                .toList();
    }

    private Map<String, String> templates() {
        return Consents.templates(Call.values(), config.template()::of);
    }

    /** The volunteer as their messages and consents name them. */
    private String me() {
        return VolunteerNotices.recipientOf(caller.volunteerId());
    }
}
