package org.doorstep.system;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Deployments Quarkus generates for a cluster (deploy/kubernetes/README.md), as the packaged services left them:
 * each takes the identity provider and the pages' addresses (and so its CORS origins) from ConfigMaps, not from the
 * image, and nothing points a scraper at a metrics endpoint the services do not have. No stack is started.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of(System.getProperty("doorstep.root", "..")).toAbsolutePath().normalize();

    private static String deployment(String service) throws Exception {
        Path manifest = ROOT.resolve(service).resolve("target/kubernetes/kubernetes.yml");
        assertTrue(Files.exists(manifest), manifest + " (made by ./mvnw package)");
        List<String> deployments = Arrays.stream(Files.readString(manifest).split("(?m)^---$"))
                .filter(document -> Pattern.compile("(?m)^kind: Deployment$").matcher(document).find()).toList();
        assertEquals(1, deployments.size(), service + ": one Deployment");
        return deployments.get(0);
    }

    @Test
    void every_service_takes_its_identity_provider_and_cors_origins_from_configmaps() throws Exception {
        for (String service : List.of("order-service", "dispatch-service", "volunteer-service")) {
            String deployment = deployment(service);
            for (String configMap : List.of("doorstep-identity", "doorstep-ui")) {
                assertTrue(Pattern.compile("configMapRef:\\s+name: " + configMap).matcher(deployment).find(),
                        service + " reads ConfigMap " + configMap);
            }
            assertTrue(deployment.contains("path: /q/health/ready"), service + ": readiness probe");
            assertFalse(deployment.contains("metrics") || deployment.contains("prometheus"),
                    service + ": no scrape of a metrics endpoint that does not exist");
        }
    }
}
