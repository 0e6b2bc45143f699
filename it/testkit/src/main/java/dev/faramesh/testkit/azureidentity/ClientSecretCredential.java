package dev.faramesh.testkit.azureidentity;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * A client secret on an Entra application (a service principal's password credential): Entra's
 * token endpoint accepts {@code client_id} + {@code client_secret} in a {@code client_credentials}
 * grant when the secret equals this one. The generated value has the shape of a real Entra secret
 * value ({@code xxx8Q~} followed by 34 characters, 40 in all).
 *
 * @param clientId the application (client) id
 * @param objectId the service principal object id (the {@code oid} of issued tokens)
 * @param secret   the secret value
 */
public record ClientSecretCredential(String clientId, String objectId, String secret) {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new application with a freshly generated secret. */
    public static ClientSecretCredential generate() {
        return new ClientSecretCredential(UUID.randomUUID().toString(), UUID.randomUUID().toString(), newSecretValue());
    }

    /** A value shaped like an Entra client secret; different from every other call's. */
    public static String newSecretValue() {
        StringBuilder b = new StringBuilder(40);
        for (int i = 0; i < 3; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(62)));
        }
        b.append("8Q~");
        for (int i = 0; i < 34; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "ClientSecretCredential[" + clientId + "]";
    }
}
