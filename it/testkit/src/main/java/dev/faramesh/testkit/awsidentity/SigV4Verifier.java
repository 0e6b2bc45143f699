package dev.faramesh.testkit.awsidentity;

import dev.faramesh.testkit.oidc.http.IncomingRequest;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Server-side SigV4 check with the AWS SDK's own signer as the oracle: the request is rebuilt from
 * the headers named in {@code SignedHeaders}, signed again with the caller's secret at the caller's
 * {@code X-Amz-Date} and credential scope, and the signatures compared in constant time. Before that
 * it enforces what STS enforces: a known access key, the matching session token, unexpired temporary
 * credentials, the right service in the scope and at most 15 minutes of clock skew.
 */
final class SigV4Verifier {

    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    // the signer derives these itself from the request line, the clock and the identity
    private static final Set<String> SIGNER_OWNED = Set.of("host", "x-amz-date", "x-amz-security-token");

    private record Authorization(String accessKeyId, String date, String region, String service,
                                 List<String> signedHeaders, String signature) {
    }

    private final String service;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    SigV4Verifier(String service) {
        this.service = service;
    }

    /** Returns the verified caller, or throws the {@link StsFault} STS would answer with. */
    AwsPrincipal verify(IncomingRequest request, Function<String, AwsPrincipal> principals, Instant now) {
        String header = request.header("Authorization");
        if (header == null) {
            throw new StsFault(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        Authorization auth = parse(header);
        AwsPrincipal caller = principals.apply(auth.accessKeyId());
        if (caller == null) {
            throw StsFault.invalidClientTokenId();
        }
        checkSessionToken(caller, request.header("X-Amz-Security-Token"), now);
        if (!service.equals(auth.service())) {
            throw StsFault.signatureDoesNotMatch("Credential should be scoped to correct service: '" + service + "'. ");
        }
        Instant signedAt = signedAt(request, auth);
        checkSkew(signedAt, now);
        if (!auth.signedHeaders().contains("host")) {
            throw new StsFault(400, "IncompleteSignature", "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String expected = oracleSignature(request, auth, caller, signedAt);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), auth.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw StsFault.signatureDoesNotMatch("The request signature we calculated does not match the signature you "
                    + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
        return caller;
    }

    private static void checkSessionToken(AwsPrincipal caller, String presented, Instant now) {
        if (caller.isTemporary() != (presented != null)
                || (presented != null && !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                caller.sessionToken().getBytes(StandardCharsets.UTF_8)))) {
            throw StsFault.invalidClientTokenId();
        }
        if (caller.expiresAt() != null && !now.isBefore(caller.expiresAt())) {
            throw new StsFault(403, "ExpiredToken", "The security token included in the request is expired");
        }
    }

    private static Instant signedAt(IncomingRequest request, Authorization auth) {
        String amzDate = request.header("X-Amz-Date");
        if (amzDate == null) {
            throw new StsFault(400, "IncompleteSignature", "Authorization header requires existence of either a "
                    + "'X-Amz-Date' or a 'Date' header.");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw new StsFault(400, "IncompleteSignature", "Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'.");
        }
        if (!amzDate.startsWith(auth.date())) {
            throw StsFault.signatureDoesNotMatch("Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                    + "version of date from HTTP: '" + auth.date() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        return signedAt;
    }

    private static void checkSkew(Instant signedAt, Instant now) {
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw StsFault.signatureDoesNotMatch("Signature expired: " + AMZ_DATE.format(signedAt) + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw StsFault.signatureDoesNotMatch("Signature not yet current: " + AMZ_DATE.format(signedAt) + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
    }

    private String oracleSignature(IncomingRequest request, Authorization auth, AwsPrincipal caller, Instant signedAt) {
        SdkHttpRequest.Builder rebuilt = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .protocol("http");
        hostAndPort(request.header("Host"), rebuilt);
        rebuilt.encodedPath(request.path());
        request.query().forEach(rebuilt::putRawQueryParameter);
        for (String name : auth.signedHeaders()) {
            if (!SIGNER_OWNED.contains(name)) {
                List<String> values = request.headers().get(name);
                rebuilt.putHeader(name, values == null ? List.of() : values);
            }
        }
        AwsCredentialsIdentity identity = caller.isTemporary()
                ? AwsSessionCredentialsIdentity.create(caller.accessKeyId(), caller.secretAccessKey(), caller.sessionToken())
                : AwsCredentialsIdentity.create(caller.accessKeyId(), caller.secretAccessKey());
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(rebuilt.build())
                .payload(ContentStreamProvider.fromByteArray(request.body()))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, auth.service())
                .putProperty(AwsV4HttpSigner.REGION_NAME, auth.region())
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        String authorization = signed.request().firstMatchingHeader("Authorization").orElse("");
        return field(authorization, "Signature=");
    }

    private static void hostAndPort(String host, SdkHttpRequest.Builder request) {
        if (host == null) {
            throw new StsFault(400, "IncompleteSignature", "Missing Host header");
        }
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            request.host(host.substring(0, colon)).port(Integer.parseInt(host.substring(colon + 1)));
        } else {
            request.host(host).port(80);
        }
    }

    private static Authorization parse(String header) {
        String prefix = "AWS4-HMAC-SHA256 ";
        if (!header.startsWith(prefix)) {
            throw new StsFault(400, "IncompleteSignature", "Unsupported AWS 'algorithm': '" + header.split(" ")[0] + "'");
        }
        String credential = field(header, "Credential=");
        String signedHeaders = field(header, "SignedHeaders=");
        String signature = field(header, "Signature=");
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4]) || signedHeaders.isEmpty() || signature.isEmpty()) {
            throw new StsFault(400, "IncompleteSignature", "Authorization header requires 'Credential', 'SignedHeaders' "
                    + "and 'Signature' parameters with a well-formed credential scope.");
        }
        return new Authorization(scope[0], scope[1], scope[2], scope[3],
                Arrays.asList(signedHeaders.toLowerCase(Locale.ROOT).split(";")), signature);
    }

    private static String field(String header, String name) {
        int start = header.indexOf(name);
        if (start < 0) {
            return "";
        }
        start += name.length();
        int end = header.indexOf(',', start);
        return (end < 0 ? header.substring(start) : header.substring(start, end)).trim();
    }
}
