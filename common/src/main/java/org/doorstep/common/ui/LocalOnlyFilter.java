package org.doorstep.common.ui;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the local sign-in ({@link LocalSignInResource}) before any request is matched to it, so that a caller it is
 * not for gets the 404 of an empty address whatever the method, body or content type: not a 400 or 405 that would
 * tell them something answers there.
 */
public class LocalOnlyFilter {

    @Inject
    LocalIdentity identity;

    @ServerRequestFilter(preMatching = true)
    public void localOnly(ContainerRequestContext context, HttpServerRequest request) {
        if (signInPath(context.getUriInfo().getPath())) {
            identity.requireLocal(request);
        }
    }

    /** /signin and /local/..., and anything that starts like them, however many slashes lead. */
    static boolean signInPath(String path) {
        String p = path == null ? "" : path.replaceFirst("^/+", "");
        return p.startsWith("signin") || p.startsWith("local");
    }
}
