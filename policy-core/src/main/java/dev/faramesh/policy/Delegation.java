package dev.faramesh.policy;

/**
 * The daemon's form of a delegation, {@code delegate fraud-check-bot { scope "..." ttl 24h ceiling inherited }}:
 * the target agent, the tool scope it may act in, how long the grant lasts and its ceiling.
 */
public record Delegation(String target, String scope, String ttl, String ceiling, SourceRef ref) {}
