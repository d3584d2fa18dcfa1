package org.doorstep.volunteer.wechat;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.doorstep.volunteer.volunteer.VolunteerAccess;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A grid worker gives a volunteer a one-time code that binds the volunteer's WeChat to them (issue 14). */
@Path("/api/volunteers/{id}/wechat-binding")
@Tag(name = "sign-in")
public class WeChatBindingResource {

    @Inject
    VolunteerAccess access;

    @Inject
    WeChatBindings bindings;

    @POST
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A one-time code (8 characters, valid 24 h) the volunteer enters once in the mini-program to "
            + "sign in with WeChat from then on; a new code replaces the old (a grid worker of a building the "
            + "volunteer serves, an admin)")
    @APIResponse(responseCode = "201", description = "The code and when it expires; the code is shown this once",
            content = @Content(schema = @Schema(implementation = WeChatBindings.IssuedCode.class)))
    @APIResponse(responseCode = "503", description = "WeChat sign-in is not configured here")
    public Response issue(@PathParam("id") long id, UriInfo uri) {
        WeChatBindings.IssuedCode code = bindings.issue(access.require(id));
        // The code is not a resource of its own: Location names the volunteer it binds to.
        return Response.created(uri.getBaseUriBuilder().path("api/volunteers/{id}").build(id)).entity(code).build();
    }
}
