package dev.faramesh.identity.oidc;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.jwt.TokenSupplier;
import dev.faramesh.identity.spiffe.WorkloadApiConnection;
import java.time.Duration;

/**
 * OIDC tokens from the SPIFFE Workload API: a JWT-SVID for the identity block's audience, fetched
 * fresh at each attestation, and verified like any OIDC token against the issuer's JWKS (SPIRE's
 * OIDC discovery provider publishes it). Loads java-spiffe only when {@code socket} is set.
 */
final class WorkloadApiTokens implements TokenSupplier {

  private final WorkloadApiConnection connection;
  private final String audience;
  private final Duration timeout;

  private WorkloadApiTokens(WorkloadApiConnection connection, String audience, Duration timeout) {
    this.connection = connection;
    this.audience = audience;
    this.timeout = timeout;
  }

  static TokenSupplier connect(String socket, String audience, Duration timeout) throws IdentityException {
    return new WorkloadApiTokens(WorkloadApiConnection.open(socket, false, false), audience, timeout);
  }

  @Override
  public String token(String agentId) throws IdentityException {
    return connection.fetchJwtSvid(null, audience, timeout);
  }

  @Override
  public long revision() {
    return 0;
  }

  @Override
  public String describe() {
    return "the SPIFFE Workload API at " + connection.address();
  }
}
