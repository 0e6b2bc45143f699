package dev.faramesh.identity.spiffe;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.delegation.DelegationKey;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import io.spiffe.exception.BundleNotFoundException;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.svid.x509svid.X509SvidValidator;
import io.spiffe.workloadapi.X509Context;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * X.509-SVIDs: the SVID for the agent from the latest X.509 context, its trust domain accepted,
 * inside its validity window, and its chain verified against the trust domain's bundle. The
 * principal's id and SVID are the SPIFFE id, its expiry the leaf's notAfter, its claims the SPIFFE
 * id, trust domain and path (an X.509-SVID carries nothing else).
 */
final class X509SvidAttestation implements SvidAttestation {

  private final WorkloadApiConnection connection;
  private final TrustDomains domains;
  private final AgentPath agentPath;
  private final Duration firstWait;
  private final Clock clock;
  private final AtomicBoolean waited = new AtomicBoolean();

  X509SvidAttestation(WorkloadApiConnection connection, TrustDomains domains, String agentPath, Duration firstWait,
      Clock clock) {
    this.connection = connection;
    this.domains = domains;
    this.agentPath = new AgentPath(domains.home(), agentPath);
    this.firstWait = firstWait;
    this.clock = clock;
  }

  @Override
  public Principal attest(String agentId) throws IdentityException {
    X509Context context = connection.x509(waited.compareAndSet(false, true) ? firstWait : Duration.ZERO);
    if (context == null) {
      throw connection.unavailable("X.509-SVID");
    }
    X509Svid svid = pick(context, agentId);
    String id = svid.getSpiffeId().toString();
    String trustDomain = svid.getSpiffeId().getTrustDomain().getName();
    domains.check(trustDomain, id);
    X509Certificate leaf = svid.getLeaf();
    Instant now = clock.instant();
    if (!now.isBefore(leaf.getNotAfter().toInstant())) {
      throw IdentityException.of(ReasonCodes.IDENTITY_EXPIRED, "the X.509-SVID " + id + " expired at "
          + leaf.getNotAfter().toInstant() + " and the Workload API has not rotated it");
    }
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      throw IdentityException.of(ReasonCodes.IDENTITY_NOT_YET_VALID, "the X.509-SVID " + id + " is not valid before "
          + leaf.getNotBefore().toInstant());
    }
    try {
      X509SvidValidator.verifyChain(svid.getChain(), domains.x509Bundles(context.getX509BundleSet(), trustDomain));
    } catch (BundleNotFoundException e) {
      throw IdentityException.of(ReasonCodes.IDENTITY_WRONG_TRUST_DOMAIN, "there is no trust bundle for trust domain "
          + trustDomain + " of " + id);
    } catch (CertificateException e) {
      throw IdentityException.of(ReasonCodes.IDENTITY_BAD_SIGNATURE, "the certificate chain of the X.509-SVID " + id
          + " does not verify against the bundle of " + trustDomain);
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("spiffe_id", id);
    claims.put("trust_domain", trustDomain);
    claims.put("path", svid.getSpiffeId().getPath());
    return Principal.builder(agentId, id).svid(id).expiry(leaf.getNotAfter().toInstant()).claims(claims)
        .verified(true).method("spiffe").build();
  }

  @Override
  public DelegationKey delegationKey(String agentId) throws IdentityException {
    X509Context context = connection.x509(Duration.ZERO);
    if (context == null) {
      throw connection.unavailable("X.509-SVID");
    }
    X509Svid svid = pick(context, agentId);
    return DelegationKey.svid(svid.getSpiffeId().toString(), svid.getPrivateKey(), svid.getChain());
  }

  private X509Svid pick(X509Context context, String agentId) throws IdentityException {
    String expected = agentPath.expected(agentId);
    if (expected == null) {
      return context.getDefaultSvid();
    }
    List<String> issued = new ArrayList<>();
    for (X509Svid svid : context.getX509Svids()) {
      String id = svid.getSpiffeId().toString();
      if (id.equals(expected)) {
        return svid;
      }
      issued.add(id);
    }
    throw IdentityException.of(ReasonCodes.IDENTITY_AGENT_MISMATCH, "the Workload API issued no X.509-SVID for "
        + expected + " (agent " + agentId + "); it issued " + issued);
  }

  @Override
  public long revision() {
    return connection.revision();
  }

  @Override
  public String explain() {
    return "X.509-SVID from the SPIFFE Workload API at " + connection.address() + " (" + agentPath.describe()
        + "), chain verified against the trust bundle; accepts " + domains.describe();
  }

  @Override
  public void close() {
    connection.close();
  }
}
