package org.doorstep.common.ui;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Where the pages find the three services (they call each one directly, with the signed-in person's token). */
@Path("/ui/services")
@PermitAll
public class UiConfigResource {

    public record Services(String order, String dispatch, String volunteer) {
    }

    @ConfigProperty(name = "doorstep.ui.order-url", defaultValue = "http://127.0.0.1:8081")
    String order;

    @ConfigProperty(name = "doorstep.ui.dispatch-url", defaultValue = "http://127.0.0.1:8082")
    String dispatch;

    @ConfigProperty(name = "doorstep.ui.volunteer-url", defaultValue = "http://127.0.0.1:8083")
    String volunteer;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Services services() {
        return new Services(order, dispatch, volunteer);
    }
}
