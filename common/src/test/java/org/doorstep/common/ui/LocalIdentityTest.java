package org.doorstep.common.ui;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who counts as "this machine" for the local sign-in: a peer at a loopback address, and nobody else. Over HTTP,
 * order-service's LocalSignInOnThisMachineTest proves it with a real second address and forged headers.
 */
class LocalIdentityTest {

    @Test
    void a_peer_at_a_loopback_address_is_on_this_machine() throws Exception {
        for (String host : new String[]{"127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"}) {
            assertTrue(LocalIdentity.loopback(resolved(host)), host);
            assertTrue(LocalIdentity.loopback(SocketAddress.inetSocketAddress(40000, host)), host + " unresolved");
        }
    }

    @Test
    void a_peer_anywhere_else_or_known_only_by_name_is_not() throws Exception {
        for (String host : new String[]{"192.0.2.2", "10.0.0.1", "172.17.0.1", "0.0.0.0", "::ffff:10.0.0.1",
                "fe80::1", "2001:db8::1", "128.0.0.1"}) {
            assertFalse(LocalIdentity.loopback(resolved(host)), host);
            assertFalse(LocalIdentity.loopback(SocketAddress.inetSocketAddress(40000, host)), host + " unresolved");
        }
        // A name is not an address: believing it would take a DNS answer, which the network gives.
        assertFalse(LocalIdentity.loopback(SocketAddress.inetSocketAddress(40000, "localhost")));
        assertFalse(LocalIdentity.loopback(SocketAddress.inetSocketAddress(40000, "127.0.0.1.nip.io")));
        assertFalse(LocalIdentity.loopback(SocketAddress.domainSocketAddress("/tmp/doorstep.sock")));
        assertFalse(LocalIdentity.loopback(null));
    }

    @Test
    void the_sign_in_paths_are_recognised_however_they_are_written() {
        for (String path : new String[]{"/signin", "/signin/", "//signin", "/local/token", "/local/people", "/local",
                "///local/token", "/local/../local/token", "/signin;jsessionid=1"}) {
            assertTrue(LocalOnlyFilter.signInPath(path), path);
        }
        for (String path : new String[]{"/api/orders", "/resident/", "/q/health/ready", "/", "", "/ui/services"}) {
            assertFalse(LocalOnlyFilter.signInPath(path), path);
        }
        assertFalse(LocalOnlyFilter.signInPath(null));
    }

    private static SocketAddress resolved(String literal) throws Exception {
        return SocketAddress.inetSocketAddress(new InetSocketAddress(InetAddress.getByName(literal), 40000));
    }
}
