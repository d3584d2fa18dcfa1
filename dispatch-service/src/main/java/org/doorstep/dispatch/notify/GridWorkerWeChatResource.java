package org.doorstep.dispatch.notify;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.doorstep.common.notify.Consents;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
import org.doorstep.common.wechat.OpenIds;
import org.doorstep.common.wechat.WeChat;
import org.doorstep.dispatch.planning.GridAlerts.AlertType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;
import java.util.Set;

/**
 * A grid worker's WeChat for alerts (issue 15): the console gives the signed-in grid worker a one-time binding code;
 * the mini-program brings it once with a wx.login code, and with the consents WeChat asked for. No token comes of it:
 * the binding decides only where alerts are sent (docs/security.md).
 */
@Path("/api/grid-workers")
@Tag(name = "notifications")
public class GridWorkerWeChatResource {

    @Schema(name = "GridWorkerWeChatBinding")
    public record Binding(
            @NotBlank @Size(max = 128) @Schema(description = "The wx.login code") String code,
            @Schema(nullable = true, description = "The binding code from the console, the first time only (spaces, "
                    + "dashes and case do not matter)", example = "K7PM-3QXA")
            @Size(max = 32) String bindingCode,
            @Schema(nullable = true, description = "What the grid worker answered wx.requestSubscribeMessage, per "
                    + "template id (\"ban\" and \"filter\" count as reject)",
                    example = "{\"tmpl-urgent-overdue\": \"accept\", \"tmpl-coverage-gap\": \"reject\"}")
            @Size(max = 20)
            Map<@NotBlank @Size(max = 100) String, @NotNull @Pattern(regexp = "accept|reject|ban|filter") String>
                    subscriptions) {
    }

    @Schema(name = "GridWorkerTemplates")
    public record Templates(
            @Schema(description = "The template id of each kind of alert, for wx.requestSubscribeMessage",
                    example = "{\"URGENT_OVERDUE\": \"tmpl-urgent-overdue\"}")
            Map<String, String> templates) {
    }

    @Schema(name = "GridWorkerWeChat")
    public record Bound(
            @Schema(description = "The grid worker (their token's subject) whose alerts go to this WeChat user",
                    example = "w1") String gridWorker,
            @Schema(description = "The template id of each kind of alert", example = "{\"URGENT_OVERDUE\": "
                    + "\"tmpl-urgent-overdue\"}") Map<String, String> templates,
            @Schema(description = "How many alerts of each template the grid worker still allows",
                    example = "{\"tmpl-urgent-overdue\": 2}") Map<String, Integer> consents) {
    }

    @Inject
    Caller caller;

    @Inject
    GridWorkerBindings bindings;

    @Inject
    GridNotifyConfig config;

    @Inject
    Consents consents;

    @Inject
    WeChat weChat;

    @Inject
    OpenIds openIds;

    @POST
    @Path("/wechat-binding")
    @RolesAllowed("GRID_WORKER")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A one-time code (8 characters, valid 24 h) the signed-in grid worker enters once in the "
            + "mini-program so that their grids' alerts reach that WeChat user; a new code replaces the old, and "
            + "the grids their token names now become the grids whose alerts they are sent")
    @APIResponse(responseCode = "201", description = "The code and when it expires; the code is shown this once",
            content = @Content(schema = @Schema(implementation = GridWorkerBindings.IssuedCode.class)))
    @APIResponse(responseCode = "503", description = "WeChat is not configured here; alerts stay on the console")
    public Response issue(UriInfo uri) {
        GridWorkerBindings.IssuedCode code = bindings.issue(caller.subject(), caller.grids());
        // The code is not a resource of its own: Location names the grid worker's messages, where the alerts it
        // brings to WeChat are listed.
        return Response.created(uri.getBaseUriBuilder().path("api/me/notifications").build()).entity(code).build();
    }

    @GET
    @Path("/wechat/templates")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The WeChat templates the mini-program asks a grid worker's consent for, by kind of alert "
            + "(no token needed: template ids are no secret)")
    @APIResponse(responseCode = "200", description = "The templates",
            content = @Content(schema = @Schema(implementation = Templates.class)))
    @APIResponse(responseCode = "401", description = "A token was sent and is not valid (none is needed)")
    public Templates templates() {
        refuseBadToken();
        return new Templates(templatesByKind());
    }

    @POST
    @Path("/wechat")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "From the mini-program: a wx.login code (and, the first time, the binding code from the "
            + "console) binds the WeChat user to the grid worker, or finds the grid worker it is bound to, and records "
            + "the consents given; no token is needed and none is given")
    @APIResponse(responseCode = "200", description = "The grid worker, the templates and the consents left",
            content = @Content(schema = @Schema(implementation = Bound.class)))
    @APIResponse(responseCode = "401", description = "WeChat refused the code; or the WeChat user is bound to no "
            + "grid worker, or the binding code is wrong, used or expired (type urn:doorstep:wechat:not-bound); or a "
            + "token was sent and is not valid")
    @APIResponse(responseCode = "422", description = "A template id that is not one of this server's; nothing was "
            + "recorded or bound")
    @APIResponse(responseCode = "503", description = "WeChat is busy, rate-limited, unreachable or slow, or WeChat "
            + "is not configured here; Retry-After says when to try again")
    public Bound bind(@Valid @NotNull Binding request) {
        refuseBadToken();
        if (!weChat.configured() || !openIds.configured()) {
            throw DoorstepException.unavailable("WeChat is not configured on this server; alerts stay on the console.",
                    3600);
        }
        String openId = weChat.openId(request.code().trim());
        return QuarkusTransaction.requiringNew().call(() -> {
            String subject = bindings.gridWorkerOf(openId, request.bindingCode());
            String recipient = GridWorkerNotices.recipientOf(subject);
            Map<String, String> templates = templatesByKind();
            if (request.subscriptions() != null && !request.subscriptions().isEmpty()) {
                consents.answer(recipient, request.subscriptions(), Set.copyOf(templates.values()));
            }
            return new Bound(subject, templates, consents.left(recipient));
        });
    }

    /** No token is needed here, but one that is sent must be valid, as everywhere. */
    private void refuseBadToken() {
        caller.signedIn();
    }

    private Map<String, String> templatesByKind() {
        return Consents.templates(AlertType.values(), config.template()::of);
    }
}
