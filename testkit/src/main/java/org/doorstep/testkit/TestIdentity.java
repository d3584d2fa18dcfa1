package org.doorstep.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plays the identity provider in tests: a key pair made for this JVM (nothing in git), whose public key the services
 * under test verify with, and signed RS256 tokens with the claims production tokens carry.
 */
public final class TestIdentity {

    public static final String ISSUER = "https://id.doorstep.local";
    /** The audience the services expect by default (DOORSTEP_JWT_AUDIENCE). */
    public static final String AUDIENCE = "doorstep";
    /** The age past which the services refuse a token by default (DOORSTEP_JWT_MAX_AGE_SECONDS). */
    public static final long MAX_AGE_SECONDS = 43_200;

    /** order-service's own issuer of RESIDENT tokens (WeChat sign-in), trusted by every service beside ISSUER. */
    public static final String ORDER_SERVICE_ISSUER = "https://order.doorstep.local";
    /** volunteer-service's own issuer of VOLUNTEER tokens (WeChat sign-in), trusted by every service beside ISSUER. */
    public static final String VOLUNTEER_SERVICE_ISSUER = "https://volunteer.doorstep.local";

    private static KeyPair keys;
    private static Path publicKeyFile;
    private static Path privateKeyFile;

    private TestIdentity() {
    }

    private static synchronized KeyPair keys() {
        if (keys == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                keys = generator.generateKeyPair();
                publicKeyFile = Files.createTempFile("doorstep-test-jwt-", ".pem");
                publicKeyFile.toFile().deleteOnExit();
                String pem = "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
                Files.writeString(publicKeyFile, pem);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("Could not make the test identity's key pair", e);
            }
        }
        return keys;
    }

    /** The PEM file of the public key, for DOORSTEP_JWT_PUBLIC_KEY_LOCATION. */
    public static synchronized Path publicKeyFile() {
        keys();
        return publicKeyFile;
    }

    /** The PEM file (PKCS#8) of the private key, for a service's local sign-in page in system tests. */
    public static synchronized Path privateKeyFile() {
        if (privateKeyFile == null) {
            try {
                privateKeyFile = Files.createTempFile("doorstep-test-jwt-", ".key.pem");
                privateKeyFile.toFile().deleteOnExit();
                Files.writeString(privateKeyFile, "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys().getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return privateKeyFile;
    }

    /**
     * The settings that make a service trust this identity provider and the services' own issuers (order-service's
     * RESIDENT tokens, volunteer-service's VOLUNTEER tokens), and give those two their signing keys (the other services
     * do not read them).
     */
    public static Map<String, String> serviceConfig() {
        return Map.of("mp.jwt.verify.publickey.location", publicKeyFile().toString(),
                "mp.jwt.verify.issuer", ISSUER,
                "doorstep.resident-tokens.issuer", ORDER_SERVICE_ISSUER,
                "doorstep.resident-tokens.publickey.location", orderServicePublicKeyFile().toString(),
                "doorstep.resident-tokens.private-key-location", orderServicePrivateKeyFile().toString(),
                "doorstep.volunteer-tokens.issuer", VOLUNTEER_SERVICE_ISSUER,
                "doorstep.volunteer-tokens.publickey.location", volunteerServicePublicKeyFile().toString(),
                "doorstep.volunteer-tokens.private-key-location", volunteerServicePrivateKeyFile().toString());
    }

    /** A service's own signing key pair, made for this JVM, with its halves as PEM files. */
    private static final class ServiceKeys {
        private final String name;
        private KeyPair keys;
        private Path publicKeyFile;
        private Path privateKeyFile;

        ServiceKeys(String name) {
            this.name = name;
        }

        synchronized KeyPair keys() {
            if (keys == null) {
                try {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(2048);
                    keys = generator.generateKeyPair();
                    publicKeyFile = pemFile(name, "PUBLIC KEY", keys.getPublic().getEncoded());
                    privateKeyFile = pemFile(name, "PRIVATE KEY", keys.getPrivate().getEncoded());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Could not make " + name + "'s test key pair", e);
                }
            }
            return keys;
        }

        synchronized Path publicKeyFile() {
            keys();
            return publicKeyFile;
        }

        synchronized Path privateKeyFile() {
            keys();
            return privateKeyFile;
        }
    }

    private static final ServiceKeys ORDER_SERVICE_KEYS = new ServiceKeys("order-service");
    private static final ServiceKeys VOLUNTEER_SERVICE_KEYS = new ServiceKeys("volunteer-service");

    /** The PEM file of order-service's public key, for DOORSTEP_WECHAT_TOKEN_PUBLIC_KEY_LOCATION. */
    public static Path orderServicePublicKeyFile() {
        return ORDER_SERVICE_KEYS.publicKeyFile();
    }

    /** The PEM file (PKCS#8) of order-service's private key, for DOORSTEP_WECHAT_TOKEN_PRIVATE_KEY_LOCATION. */
    public static Path orderServicePrivateKeyFile() {
        return ORDER_SERVICE_KEYS.privateKeyFile();
    }

    /** A token with any payload signed by order-service's key, as if its key had leaked; for tests of the issuer. */
    public static String signAsOrderService(String payloadJson) {
        return sign(ORDER_SERVICE_KEYS.keys().getPrivate(), payloadJson);
    }

    /** The PEM file of volunteer-service's public key, for DOORSTEP_VOLUNTEER_TOKEN_PUBLIC_KEY_LOCATION. */
    public static Path volunteerServicePublicKeyFile() {
        return VOLUNTEER_SERVICE_KEYS.publicKeyFile();
    }

    /** The PEM file (PKCS#8) of volunteer-service's private key, for DOORSTEP_VOLUNTEER_TOKEN_PRIVATE_KEY_LOCATION. */
    public static Path volunteerServicePrivateKeyFile() {
        return VOLUNTEER_SERVICE_KEYS.privateKeyFile();
    }

    /** A token with any payload signed by volunteer-service's key, as if its key had leaked. */
    public static String signAsVolunteerService(String payloadJson) {
        return sign(VOLUNTEER_SERVICE_KEYS.keys().getPrivate(), payloadJson);
    }

    private static Path pemFile(String service, String kind, byte[] der) {
        try {
            Path file = Files.createTempFile("doorstep-test-" + service + "-jwt-", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, "-----BEGIN " + kind + "-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END " + kind + "-----\n");
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token for the role ("RESIDENT", "VOLUNTEER", "GRID_WORKER", "ADMIN") and subject; grids for a grid worker. */
    public static String token(String role, String subject, long... grids) {
        long now = Instant.now().getEpochSecond();
        return sign(claims(ISSUER, AUDIENCE, role, subject, now, now + 3600, grids));
    }

    /**
     * The claims production tokens carry, each given, for tests of tokens wrong in one way (another issuer or
     * audience, none, too old, expired); {@code audience} null leaves the claim out.
     */
    public static String claims(String issuer, String audience, String role, String subject, long issuedAt,
                                long expiresAt, long... grids) {
        String gridClaim = grids.length == 0 ? "" : ",\"grids\":["
                + Arrays.stream(grids).mapToObj(Long::toString).collect(Collectors.joining(",")) + "]";
        return "{\"iss\":\"" + issuer + "\"" + (audience == null ? "" : ",\"aud\":\"" + audience + "\"")
                + ",\"sub\":\"" + subject + "\",\"groups\":[\"" + role + "\"]" + gridClaim + ",\"iat\":" + issuedAt
                + ",\"exp\":" + expiresAt + ",\"jti\":\"" + java.util.UUID.randomUUID() + "\"}";
    }

    /** A token with any payload, signed by the test key; for tests of bad tokens. */
    public static String sign(String payloadJson) {
        return sign(keys().getPrivate(), payloadJson);
    }

    private static String sign(java.security.PrivateKey key, String payloadJson) {
        return org.doorstep.common.security.TokenSigner.sign(key, payloadJson);
    }
}
