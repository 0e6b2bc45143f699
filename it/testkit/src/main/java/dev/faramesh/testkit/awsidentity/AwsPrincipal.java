package dev.faramesh.testkit.awsidentity;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * An identity {@link StsServer} knows: an access key pair (plus a session token for temporary
 * credentials) and what GetCallerIdentity reports for it (ARN, user id, account). Keys are random per
 * instance; {@link #toString()} never prints the secret or the session token.
 *
 * @param accessKeyId     {@code AKIA…} for long-term keys, {@code ASIA…} for temporary ones
 * @param secretAccessKey the signing secret
 * @param sessionToken    session token of temporary credentials, null for long-term keys
 * @param arn             caller ARN, e.g. {@code arn:aws:iam::123456789012:user/alice}
 * @param userId          unique id, e.g. {@code AIDA…} or {@code AROA…:session}
 * @param account         12-digit account id
 * @param expiresAt       expiry of temporary credentials, null for long-term keys
 */
public record AwsPrincipal(String accessKeyId, String secretAccessKey, String sessionToken,
                           String arn, String userId, String account, Instant expiresAt) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** An IAM user with fresh long-term keys. */
    public static AwsPrincipal iamUser(String account, String userName) {
        return new AwsPrincipal("AKIA" + random(UPPER_ALNUM, 16), random(SECRET_CHARS, 40), null,
                "arn:aws:iam::" + account + ":user/" + userName, "AIDA" + random(UPPER_ALNUM, 17), account, null);
    }

    /** Temporary credentials of an assumed role session. */
    static AwsPrincipal assumedRole(String account, String roleName, String roleId, String sessionName, Instant expiresAt) {
        return new AwsPrincipal("ASIA" + random(UPPER_ALNUM, 16), random(SECRET_CHARS, 40),
                "IQoJb3JpZ2luX2Vj" + random(SECRET_CHARS, 200),
                "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName,
                roleId + ":" + sessionName, account, expiresAt);
    }

    public boolean isTemporary() {
        return sessionToken != null;
    }

    /** The same identity with a different secret, for wrong-key tests. */
    public AwsPrincipal withSecret(String otherSecret) {
        return new AwsPrincipal(accessKeyId, otherSecret, sessionToken, arn, userId, account, expiresAt);
    }

    static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "AwsPrincipal[accessKeyId=" + accessKeyId + ", arn=" + arn + ", userId=" + userId
                + ", account=" + account + ", temporary=" + isTemporary() + ", expiresAt=" + expiresAt + "]";
    }
}
