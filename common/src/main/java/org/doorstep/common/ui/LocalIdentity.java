package org.doorstep.common.ui;

import io.netty.util.NetUtil;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import org.doorstep.common.security.TokenSigner;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The local stack's stand-in for the identity provider, so that a person can sign in to the pages as one of the demo
 * district's people. It exists in the local profile only, with the key up.sh made, and only for callers on this
 * machine: it signs any role for whoever asks, so a neighbour on the same network must not be able to ask.
 */
@ApplicationScoped
public class LocalIdentity {

    @ConfigProperty(name = "doorstep.local-identity.private-key-location")
    Optional<String> privateKeyLocation;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @ConfigProperty(name = "doorstep.jwt.audience")
    String audience;

    private volatile TokenSigner signer;

    /** Whether this is the local profile with a signing key: outside it, sign-in does not exist. */
    public boolean exists() {
        return ConfigUtils.getProfiles().contains("local") && privateKeyLocation.filter(s -> !s.isBlank()).isPresent();
    }

    /**
     * 404, the answer to an address nothing lives at, unless sign-in {@link #exists} and the request comes from this
     * machine. "This machine" is the connection's peer address: never a Host or X-Forwarded-For header, which the
     * caller writes, nor the request's remote address, which proxy forwarding would take from those headers.
     */
    public void requireLocal(HttpServerRequest request) {
        if (!exists() || request.connection() == null || !loopback(request.connection().remoteAddress())) {
            throw new NotFoundException();
        }
    }

    /** Whether the peer is a loopback address (127.0.0.0/8, ::1, or 127.x mapped into IPv6); names never are. */
    static boolean loopback(SocketAddress peer) {
        if (peer == null || !peer.isInetSocket()) {
            return false;
        }
        String host = peer.hostAddress() != null ? peer.hostAddress() : peer.host();
        // An address literal only: a name would need a DNS lookup, whose answer the network could choose.
        InetAddress address = host == null ? null : NetUtil.createInetAddressFromIpAddressString(host);
        return address != null && address.isLoopbackAddress();
    }

    public String token(String role, String subject, List<Long> grids, long lifetimeSeconds) {
        if (!exists()) {
            throw new NotFoundException();
        }
        if (signer == null) {
            signer = TokenSigner.fromPem(Path.of(privateKeyLocation.orElseThrow()));
        }
        return signer.token(issuer, audience, role, subject, grids, lifetimeSeconds);
    }
}
