package dev.faramesh.identity.delegation;

import java.time.Instant;

/**
 * What a worker process checks a delegation token against: its own agent id ({@code aud}), the
 * hash of its own command line, the time, the trust its identity provider has for signers
 * ({@code null} when it has none, so only a dev token could verify) and whether it runs as the dev
 * identity (the only case in which a dev-signed token is accepted).
 */
public record DelegationCheck(String agentId, String commandHash, Instant now, DelegationTrust trust,
    boolean devAccepted) {}
