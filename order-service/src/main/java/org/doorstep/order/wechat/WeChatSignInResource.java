package org.doorstep.order.wechat;

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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.sql.SQLException;
import java.util.Optional;

/**
 * A resident signs in with WeChat (issue 14): the mini-program's wx.login code buys a RESIDENT token of order-service's
 * own issuer, for the account bound to the WeChat user. No token is needed: this is how one gets one.
 */
@Path("/api/auth/wechat")
@Tag(name = "sign-in")
public class WeChatSignInResource {

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "WeChatSignIn")
    public record WeChatSignInRequest(@NotBlank @Size(max = 128) String code) {
    }

    @Inject
    WeChatSignIn weChat;

    @Inject
    WeChatAccounts accounts;

    @ConfigProperty(name = "doorstep.resident-tokens.issuer")
    String issuer;

    @ConfigProperty(name = "doorstep.resident-tokens.private-key-location")
    Optional<String> privateKeyLocation;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign in with WeChat: a wx.login code for a RESIDENT token ({token, expiresIn}); a wrong or "
            + "used code 401; WeChat busy or away, or WeChat sign-in not configured, 503 with Retry-After")
    @APIResponse(responseCode = "200", description = "A RESIDENT token and how many seconds it is valid")
    @APIResponse(responseCode = "401", description = "The code is wrong or already used")
    @APIResponse(responseCode = "503", description = "WeChat is busy, rate-limited, unreachable or slow, or WeChat "
            + "sign-in is not configured here; Retry-After says when to try again")
    public WeChatSignIn.SignedIn signIn(@Valid @NotNull WeChatSignInRequest request) throws SQLException {
        String account = accounts.accountOf(weChat.openId(request.code(), privateKeyLocation));
        return weChat.token(privateKeyLocation, issuer, Role.RESIDENT, account);
    }
}
