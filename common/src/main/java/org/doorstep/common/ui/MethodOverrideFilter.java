package org.doorstep.common.ui;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * WeChat's {@code wx.request} cannot send PATCH (it knows OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE and CONNECT), so
 * the mini-program sends a PATCH as a POST with {@code X-HTTP-Method-Override: PATCH}; this turns it back into the
 * PATCH it is before the request is matched, and every rule of the PATCH endpoint applies. Only POST may become PATCH:
 * no other method can be disguised, so nothing decided by method is walked around.
 */
public class MethodOverrideFilter {

    static final String HEADER = "X-HTTP-Method-Override";

    @ServerRequestFilter(preMatching = true)
    public void override(ContainerRequestContext context) {
        String wanted = context.getHeaderString(HEADER);
        if (patchSentAsPost(context.getMethod(), wanted)) {
            context.setMethod("PATCH");
        }
    }

    static boolean patchSentAsPost(String method, String override) {
        return "POST".equals(method) && override != null && "PATCH".equalsIgnoreCase(override.trim());
    }
}
