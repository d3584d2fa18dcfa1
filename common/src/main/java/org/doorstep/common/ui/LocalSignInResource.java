package org.doorstep.common.ui;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.inject.Instance;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The local profile's sign-in page and the endpoints behind it (see {@link LocalIdentity}). {@link LocalOnlyFilter}
 * answers 404 for them before they are reached: outside the local profile, and to callers on other machines.
 */
@Path("/")
@PermitAll
public class LocalSignInResource {

    public record SignIn(@NotNull @Pattern(regexp = "RESIDENT|VOLUNTEER|GRID_WORKER|ADMIN") String role,
                         @NotBlank @Size(max = 100) String subject,
                         @Size(max = 20) List<@NotNull Long> grids) {
    }

    public record Token(String token) {
    }

    @Inject
    LocalIdentity identity;

    /** A token lives no longer than the services accept it (DOORSTEP_JWT_MAX_AGE_SECONDS). */
    @ConfigProperty(name = "mp.jwt.verify.token.age")
    long maxAgeSeconds;

    @Inject
    Instance<DemoPeople> people;

    @GET
    @Path("signin")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public String page() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/doorstep-ui/signin.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @GET
    @Path("local/people")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public List<DemoPeople.Person> people() {
        List<DemoPeople.Person> all = new ArrayList<>();
        all.add(new DemoPeople.Person("ADMIN", "root", List.of(), "Administrator root", null));
        people.forEach(source -> all.addAll(source.people()));
        return all;
    }

    @POST
    @Path("local/token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Token signIn(@Valid @NotNull SignIn request) {
        return new Token(identity.token(request.role(), request.subject().trim(), request.grids(), maxAgeSeconds));
    }
}
