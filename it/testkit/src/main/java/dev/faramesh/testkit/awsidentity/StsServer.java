package dev.faramesh.testkit.awsidentity;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.faramesh.testkit.oidc.http.HttpReply;
import dev.faramesh.testkit.oidc.http.IncomingRequest;
import dev.faramesh.testkit.oidc.http.LoopbackHttpServer;
import dev.faramesh.testkit.oidc.http.RecordedRequest;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS STS over the query protocol on a loopback port: {@code POST /} with
 * {@code Action=GetCallerIdentity&Version=2011-06-15}, SigV4-verified with the AWS SDK's signer as the
 * oracle (see {@link SigV4Verifier}), and {@code AssumeRoleWithWebIdentity}, which verifies the web
 * identity token against a {@link WebIdentityRole} and mints temporary credentials that
 * GetCallerIdentity then accepts. Point an SDK client at {@link #endpoint()}. The server clock can be
 * skewed to exercise the 15-minute window. The JDK server always stamps replies with the real
 * {@code Date}, so a skewed server clock looks to the SDK like a wrong server, not like its own skew:
 * the SDK does not correct for it (stage a skewed client by signing with a fixed clock instead).
 */
public final class StsServer implements AutoCloseable {

    public static final String VERSION = "2011-06-15";

    private final LoopbackHttpServer http = LoopbackHttpServer.http();
    private final SigV4Verifier sigV4 = new SigV4Verifier("sts");
    private final Map<String, AwsPrincipal> principals = new ConcurrentHashMap<>();
    private final Map<String, WebIdentityRole> roles = new ConcurrentHashMap<>();
    private volatile Clock clock = Clock.systemUTC();

    private StsServer() {
        http.route("POST", "/", this::handle).route("GET", "/", this::handle).start();
    }

    public static StsServer start() {
        return new StsServer();
    }

    /** The endpoint for {@code StsClient.builder().endpointOverride(...)}. */
    public URI endpoint() {
        return http.baseUri();
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** Registers an IAM user with fresh random keys and returns it. */
    public AwsPrincipal addIamUser(String account, String userName) {
        return addPrincipal(AwsPrincipal.iamUser(account, userName));
    }

    public AwsPrincipal addPrincipal(AwsPrincipal principal) {
        principals.put(principal.accessKeyId(), principal);
        return principal;
    }

    /** Forgets an access key: later calls signed with it get InvalidClientTokenId. */
    public void revoke(String accessKeyId) {
        principals.remove(accessKeyId);
    }

    /** Lets AssumeRoleWithWebIdentity assume {@code role}. */
    public void trustWebIdentity(WebIdentityRole role) {
        roles.put(role.roleArn(), role);
    }

    /** The server's notion of now, for SigV4 skew checks and session expiry. */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    /** Shifts the server clock by {@code skew} relative to the system clock. */
    public void skewClock(Duration skew) {
        this.clock = Clock.offset(Clock.systemUTC(), skew);
    }

    public List<RecordedRequest> requests() {
        return http.requests();
    }

    /** The underlying listener, for fault controls (error status, delay, refused connections). */
    public LoopbackHttpServer http() {
        return http;
    }

    public void stop() {
        http.stop();
    }

    @Override
    public void close() {
        stop();
    }

    private HttpReply handle(IncomingRequest request) {
        String requestId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        try {
            Map<String, String> params = new LinkedHashMap<>(request.query());
            if ("POST".equals(request.method())) {
                params.putAll(request.form());
            }
            String action = params.get("Action");
            if (!VERSION.equals(params.get("Version"))) {
                throw new StsFault(400, "InvalidAction", "Could not find operation " + action + " for version "
                        + params.get("Version"));
            }
            String body = switch (action == null ? "" : action) {
                case "GetCallerIdentity" -> StsXml.callerIdentity(sigV4.verify(request, principals::get, now), requestId);
                case "AssumeRoleWithWebIdentity" -> assumeRoleWithWebIdentity(params, now, requestId);
                default -> throw new StsFault(400, "InvalidAction", "Could not find operation " + action
                        + " for version " + VERSION);
            };
            return reply(200, body, requestId);
        } catch (StsFault fault) {
            return reply(fault.status(), StsXml.error(fault, requestId), requestId);
        }
    }

    private String assumeRoleWithWebIdentity(Map<String, String> params, Instant now, String requestId) {
        String roleArn = required(params, "RoleArn", "roleArn");
        String sessionName = required(params, "RoleSessionName", "roleSessionName");
        String token = required(params, "WebIdentityToken", "webIdentityToken");
        long seconds = Long.parseLong(params.getOrDefault("DurationSeconds", "3600"));
        if (seconds < 900 || seconds > 43200) {
            throw new StsFault(400, "ValidationError", "1 validation error detected: Value '" + seconds
                    + "' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200");
        }
        WebIdentityRole role = roles.get(roleArn);
        if (role == null) {
            throw StsFault.accessDenied("sts:AssumeRoleWithWebIdentity");
        }
        JWTClaimsSet claims = role.verify(token);
        String roleId = "AROA" + AwsPrincipal.random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17);
        AwsPrincipal session = addPrincipal(AwsPrincipal.assumedRole(role.account(), role.roleName(), roleId,
                sessionName, now.plusSeconds(seconds)));
        return StsXml.assumedRoleWithWebIdentity(session, claims.getSubject(), String.join(",", claims.getAudience()),
                role.provider(), requestId);
    }

    private static String required(Map<String, String> params, String name, String member) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw new StsFault(400, "ValidationError", "1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static HttpReply reply(int status, String xml, String requestId) {
        return HttpReply.xml(status, xml).withHeader("x-amzn-RequestId", requestId);
    }
}
