package dev.faramesh.testkit.azureidentity;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.faramesh.testkit.oidc.TokenMinter;

import java.util.UUID;

/**
 * Claims of Entra access tokens for workloads. Version 1.0 tokens (what IMDS hands a managed
 * identity): {@code iss=https://sts.windows.net/<tid>/}, {@code appid}, {@code oid}, {@code sub},
 * {@code tid}, {@code xms_mirid}. Version 2.0 tokens (client-credential and federated exchanges):
 * {@code azp}, {@code azpacr}, {@code oid}, {@code sub}, {@code tid}, {@code idtyp=app}. The issuer
 * comes from the minter, so one key ring can sign both shapes.
 */
public final class EntraClaims {

    private EntraClaims() {
    }

    /** The v1 issuer for a tenant, {@code https://sts.windows.net/<tid>/}. */
    public static String v1Issuer(String tenantId) {
        return "https://sts.windows.net/" + tenantId + "/";
    }

    /** A v1.0 access token for a managed identity and {@code resource} (the {@code aud}). */
    public static JWTClaimsSet managedIdentity(TokenMinter minter, String tenantId, ManagedIdentity identity, String resource) {
        return minter.claims(identity.objectId(), resource)
                .jwtID(null)
                .claim("aio", "E2RgYJg" + UUID.randomUUID().toString().replace("-", ""))
                .claim("appid", identity.clientId())
                .claim("appidacr", "2")
                .claim("idp", minter.issuer())
                .claim("oid", identity.objectId())
                .claim("rh", "0.AAAA" + UUID.randomUUID().toString().replace("-", "") + ".")
                .claim("tid", tenantId)
                .claim("uti", UUID.randomUUID().toString().replace("-", "").substring(0, 22))
                .claim("ver", "1.0")
                .claim("xms_mirid", identity.resourceId())
                .build();
    }

    /** A v2.0 app-only access token for application {@code clientId} (service principal {@code objectId}). */
    public static JWTClaimsSet application(TokenMinter minter, String tenantId, String clientId, String objectId,
                                           String audience) {
        return minter.claims(objectId, audience)
                .jwtID(null)
                .claim("azp", clientId)
                .claim("azpacr", "2")
                .claim("idtyp", "app")
                .claim("oid", objectId)
                .claim("tid", tenantId)
                .claim("uti", UUID.randomUUID().toString().replace("-", "").substring(0, 22))
                .claim("ver", "2.0")
                .build();
    }
}
