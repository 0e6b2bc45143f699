package dev.faramesh.testkit.azureidentity;

import java.util.UUID;

/**
 * A federated identity credential on an Entra application, as AKS workload identity uses it: Entra
 * accepts a client assertion for {@code clientId} when the assertion's {@code iss}, {@code sub} and
 * {@code aud} equal these and its signature verifies with the issuer's keys (fetched from
 * {@code jwksUrl}).
 *
 * @param clientId    the application the assertion authenticates as
 * @param objectId    the application's service principal object id (the {@code oid} of issued tokens)
 * @param issuer      required {@code iss} of the assertion, e.g. the cluster's OIDC issuer
 * @param subject     required {@code sub}, e.g. {@code system:serviceaccount:agents:planner}
 * @param audience    required audience, normally {@code api://AzureADTokenExchange}
 * @param jwksUrl     where the issuer's keys are served
 */
public record FederatedCredential(String clientId, String objectId, String issuer, String subject, String audience,
                                  String jwksUrl) {

    public static final String TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

    /** A credential for a Kubernetes service account of the cluster issuer at {@code issuer}. */
    public static FederatedCredential kubernetes(String issuer, String jwksUrl, String subject) {
        return new FederatedCredential(UUID.randomUUID().toString(), UUID.randomUUID().toString(), issuer, subject,
                TOKEN_EXCHANGE_AUDIENCE, jwksUrl);
    }
}
