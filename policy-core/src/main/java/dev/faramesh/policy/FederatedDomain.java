package dev.faramesh.policy;

/**
 * A peer SPIFFE trust domain declared in {@code trust { spiffe_federated "spiffe://peer" bundle_url = "..." }}:
 * SVIDs from it are accepted, and delegation that crosses into it is marked in the DPR.
 */
public record FederatedDomain(String trustDomain, String bundleUrl, SourceRef ref) {}
