package org.doorstep.order.erasure;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.doorstep.common.security.Caller;
import org.doorstep.order.household.Household;
import org.doorstep.order.household.HouseholdAccess;
import org.doorstep.order.household.HouseholdApi;
import org.doorstep.order.household.HouseholdResource;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A person's right to be forgotten, on request: an admin erases one household ({@link HouseholdErasure}). */
@Path("/api/households/{id}/erasure")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "households")
public class ErasureResource {

    @Inject
    HouseholdErasure erasure;

    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Transactional
    @RolesAllowed("ADMIN")
    @Operation(summary = "Erase a household's personal data on request (admin only): room, contact name, phone, "
            + "order notes and handoff codes, the words of its messages (one not sent yet never will be), and, with "
            + "the resident's last household, their WeChat sign-in; its open orders are cancelled first and dispatch "
            + "erases its copies. Ids, categories, statuses and times stay. Erasing again answers the same.")
    @APIResponse(responseCode = "200", description = "The household, erased",
            content = @Content(schema = @Schema(implementation = HouseholdApi.HouseholdView.class)))
    @APIResponse(responseCode = "404", description = "No such household")
    @APIResponse(responseCode = "409", description = "An order of the household is out for delivery; erase it once "
            + "the order is delivered or failed")
    public HouseholdApi.HouseholdView erase(@PathParam("id") long id) {
        Household household = erasure.lock(id).orElseThrow(() -> HouseholdAccess.notFound(id));
        erasure.erase(household, caller.subject(), "on request");
        return HouseholdResource.view(household);
    }
}
