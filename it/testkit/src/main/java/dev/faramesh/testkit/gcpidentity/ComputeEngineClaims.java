package dev.faramesh.testkit.gcpidentity;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.faramesh.testkit.oidc.TokenMinter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Claims of a Compute Engine identity token as the metadata server issues them: {@code aud} the
 * requested audience, {@code azp} and {@code sub} the service account's unique id, {@code email},
 * {@code email_verified}, and with {@code format=full} the {@code google.compute_engine} block
 * (project, zone, instance). The issuer is the minter's (Google's is {@link #GOOGLE_ISSUER}).
 */
public final class ComputeEngineClaims {

    public static final String GOOGLE_ISSUER = "https://accounts.google.com";

    private ComputeEngineClaims() {
    }

    /** {@code format=standard}: no {@code google} claim. */
    public static JWTClaimsSet standard(TokenMinter minter, GcpServiceAccount account, String audience) {
        return base(minter, account, audience).build();
    }

    /** {@code format=full}: with {@code google.compute_engine}. */
    public static JWTClaimsSet full(TokenMinter minter, GcpServiceAccount account, String audience) {
        Map<String, Object> computeEngine = new LinkedHashMap<>();
        computeEngine.put("instance_creation_timestamp", account.instanceCreated().getEpochSecond());
        computeEngine.put("instance_id", account.instanceId());
        computeEngine.put("instance_name", account.instanceName());
        computeEngine.put("project_id", account.projectId());
        computeEngine.put("project_number", Long.parseLong(account.projectNumber()));
        computeEngine.put("zone", account.zone());
        return base(minter, account, audience).claim("google", Map.of("compute_engine", computeEngine)).build();
    }

    private static JWTClaimsSet.Builder base(TokenMinter minter, GcpServiceAccount account, String audience) {
        // Google's identity tokens carry no nbf and no jti
        return minter.claims(account.uniqueId(), audience)
                .notBeforeTime(null)
                .jwtID(null)
                .claim("azp", account.uniqueId())
                .claim("email", account.email())
                .claim("email_verified", true);
    }
}
