package dev.faramesh.testkit.aws;

/**
 * An access key the server accepts: id, secret and, for temporary credentials, a session token
 * (null for long-term keys). Generated per run by {@link AwsSecretsManagerServer#newAccessKey}.
 */
public record AwsAccessKey(String accessKeyId, String secretAccessKey, String sessionToken) {
    @Override
    public String toString() {
        // Never print the secret half.
        return "AwsAccessKey[" + accessKeyId + (sessionToken == null ? "" : ", session") + "]";
    }
}
