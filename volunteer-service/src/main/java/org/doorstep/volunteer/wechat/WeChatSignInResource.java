package org.doorstep.volunteer.wechat;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.doorstep.common.security.Role;
import org.doorstep.common.wechat.WeChatSignIn;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Optional;

/**
 * A volunteer signs in with WeChat (issue 14): the wx.login code buys a VOLUNTEER token of volunteer-service's own
 * issuer for the volunteer the WeChat user is bound to, bound once with a grid worker's binding code. No token is
 * needed: this is how one gets one.
 */
@Path("/api/auth/wechat")
@Tag(name = "sign-in")
public class WeChatSignInResource {

    @Schema(name = "VolunteerWeChatSignIn")
    public record VolunteerWeChatSignIn(@NotBlank @Size(max = 128) String code,
                                        @Schema(nullable = true, description = "The binding code a grid worker gave "
                                                + "the volunteer, the first time only (spaces, dashes and case do not "
                                                + "matter)", example = "K7PM-3QXA")
                                        @Size(max = 32) String bindingCode) {
    }

    @Inject
    WeChatSignIn weChat;

    @Inject
    WeChatBindings bindings;

    @ConfigProperty(name = "doorstep.volunteer-tokens.issuer")
    String issuer;

    @ConfigProperty(name = "doorstep.volunteer-tokens.private-key-location")
    Optional<String> privateKeyLocation;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign in with WeChat as a volunteer: a wx.login code (and, the first time, the binding code "
            + "from the grid worker) for a VOLUNTEER token ({token, expiresIn})")
    @APIResponse(responseCode = "200", description = "A VOLUNTEER token and how many seconds it is valid")
    @APIResponse(responseCode = "401", description = "WeChat refused the code; or the WeChat user is bound to no "
            + "volunteer, or the binding code is wrong, used or expired (type urn:doorstep:wechat:not-bound)")
    @APIResponse(responseCode = "503", description = "WeChat is busy, rate-limited, unreachable or slow, or WeChat "
            + "sign-in is not configured here; Retry-After says when to try again")
    public WeChatSignIn.SignedIn signIn(@Valid @NotNull VolunteerWeChatSignIn request) {
        String openId = weChat.openId(request.code(), privateKeyLocation);
        long volunteerId = bindings.volunteerOf(openId, request.bindingCode());
        return weChat.token(privateKeyLocation, issuer, Role.VOLUNTEER, String.valueOf(volunteerId));
    }
}
