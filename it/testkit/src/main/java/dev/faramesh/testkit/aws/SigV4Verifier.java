package dev.faramesh.testkit.aws;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Verifies AWS Signature Version 4 on an incoming request the way AWS does, using the AWS SDK's own
 * signer as the oracle: it rebuilds the request from the headers the client says it signed, signs it
 * again with the secret the server holds for the access key, at the request's own {@code X-Amz-Date},
 * and compares the signatures in constant time. It also checks the credential scope (region and
 * service), the clock skew against the server's clock, the payload hash and the session token.
 */
final class SigV4Verifier {

    /** Why a request was rejected, as AWS would name it in {@code __type}. */
    record Rejection(String type, String message) {
    }

    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final Clock clock;
    private final String region;
    private final String service;
    private final Function<String, AwsAccessKey> keys;

    SigV4Verifier(Clock clock, String region, String service, Function<String, AwsAccessKey> keys) {
        this.clock = clock;
        this.region = region;
        this.service = service;
        this.keys = keys;
    }

    /** Null when the signature is valid, otherwise the error AWS would return. */
    Rejection verify(String method, String host, String path, Map<String, List<String>> headers, byte[] body) {
        String authorization = first(headers, "authorization");
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return new Rejection("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Map<String, String> parts = parseAuthorization(authorization.substring(17));
        String[] scope = parts.getOrDefault("Credential", "").split("/");
        String signedHeaders = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (scope.length != 5 || signedHeaders == null || signature == null || !"aws4_request".equals(scope[4])) {
            return new Rejection("IncompleteSignatureException", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");
        }
        AwsAccessKey key = keys.apply(scope[0]);
        if (key == null) {
            return new Rejection("UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        if (!scope[2].equals(region)) {
            return new Rejection("InvalidSignatureException", "Credential should be scoped to a valid region. ");
        }
        if (!scope[3].equals(service)) {
            return new Rejection("InvalidSignatureException", "Credential should be scoped to correct service: '" + service + "'. ");
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(first(headers, "x-amz-date"), AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | NullPointerException e) {
            return new Rejection("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW)) || signedAt.isAfter(now.plus(MAX_SKEW))) {
            String n = AMZ_DATE.format(now.atOffset(ZoneOffset.UTC));
            String edge = AMZ_DATE.format(now.minus(MAX_SKEW).atOffset(ZoneOffset.UTC));
            return new Rejection("InvalidSignatureException", "Signature expired: " + first(headers, "x-amz-date")
                    + " is now earlier than " + edge + " (" + n + " - 5 min.)");
        }
        String claimedHash = first(headers, "x-amz-content-sha256");
        if (claimedHash != null && !claimedHash.equals("UNSIGNED-PAYLOAD") && !claimedHash.equals(sha256(body))) {
            return new Rejection("InvalidSignatureException", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        if (key.sessionToken() != null && !key.sessionToken().equals(first(headers, "x-amz-security-token"))) {
            return new Rejection("UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        String expected = resign(method, host, path, headers, body, signedHeaders, scope, signedAt, key);
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Rejection("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. "
                    + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
        return null;
    }

    private static String resign(String method, String host, String path, Map<String, List<String>> headers, byte[] body,
                                 String signedHeaders, String[] scope, Instant signedAt, AwsAccessKey key) {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(URI.create("http://" + host + path));
        for (String name : signedHeaders.split(";")) {
            // host comes from the URI, x-amz-date from the signing clock, the token from the identity.
            if (name.equals("host") || name.equals("x-amz-date") || name.equals("x-amz-security-token")) {
                continue;
            }
            List<String> values = headers.get(name);
            if (values == null) {
                return null;
            }
            request.putHeader(name, values);
        }
        AwsCredentialsIdentity identity = key.sessionToken() == null
                ? AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey())
                : AwsSessionCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey(), key.sessionToken());
        SignedRequest signed = SIGNER.sign(r -> r.identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, scope[3])
                .putProperty(AwsV4HttpSigner.REGION_NAME, scope[2])
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        String auth = signed.request().firstMatchingHeader("Authorization").orElse("");
        return parseAuthorization(auth.substring(Math.min(auth.length(), 17))).get("Signature");
    }

    private static Map<String, String> parseAuthorization(String params) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String part : params.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return out;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
