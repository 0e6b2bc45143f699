package dev.faramesh.identity.spiffe;

import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.IdentitySettings;
import dev.faramesh.identity.SpiffeUri;
import dev.faramesh.policy.FederatedDomain;
import dev.faramesh.identity.delegation.DelegationKey;
import dev.faramesh.identity.delegation.DelegationTrust;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import io.spiffe.exception.BundleNotFoundException;
import io.spiffe.internal.CertificateUtils;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.svid.x509svid.X509SvidValidator;
import io.spiffe.workloadapi.X509Context;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code type = "spiffe"}: the workload's SVID from the SPIFFE Workload API at {@code socket} (else
 * {@code SPIFFE_ENDPOINT_SOCKET}), verified against the trust bundle: an X.509-SVID chain
 * ({@code svid = "x509"}, the default) or a JWT-SVID for {@code audience} ({@code svid = "jwt"}).
 * The SVID must belong to {@code trust_domain} or to a trust domain the policy federates with.
 * {@code agent_path = "/agents/{agent}"} picks, for each agent label, the SVID the Workload API
 * issued for that path; without it every label gets the workload's default SVID. The first
 * attestation waits up to {@code timeout} (3 s) for the Workload API; rotation pushed on the open
 * stream is visible to the next decision.
 *
 * <p>Only this class is loaded when the registry is: java-spiffe and gRPC are touched from
 * {@link #configure} on.
 */
public final class SpiffeProvider implements IdentityProvider {

  private SvidAttestation attestation;
  private WorkloadApiConnection connection;
  private TrustDomains domains;

  @Override
  public String type() {
    return "spiffe";
  }

  @Override
  public boolean attests() {
    return true;
  }

  @Override
  public void configure(IdentityContext context) throws IdentityException {
    IdentitySettings s = new IdentitySettings(context);
    String socket = s.string("socket", "SPIFFE_ENDPOINT_SOCKET", null);
    if (socket == null) {
      throw s.misconfigured("needs socket = \"unix:/path/to/agent.sock\" (or SPIFFE_ENDPOINT_SOCKET in the "
          + "environment): where the SPIRE agent serves the Workload API");
    }
    String kind = s.string("svid") == null ? "x509" : s.string("svid").toLowerCase(Locale.ROOT);
    if (!kind.equals("x509") && !kind.equals("jwt")) {
      throw s.misconfigured("svid = \"" + s.string("svid") + "\": use \"x509\" or \"jwt\"");
    }
    String audience = s.string("audience");
    if (kind.equals("jwt") && audience == null) {
      throw s.misconfigured("with svid = \"jwt\" needs audience = \"...\": the audience JWT-SVIDs are fetched for");
    }
    String trustDomain = SpiffeUri.trustDomain(s.string("trust_domain"));
    String agentPath = s.string("agent_path");
    if (agentPath != null && (!agentPath.startsWith("/") || trustDomain == null)) {
      throw s.misconfigured("agent_path must start with / (e.g. \"/agents/{agent}\") and needs trust_domain");
    }
    Map<String, String> federated = new LinkedHashMap<>();
    for (FederatedDomain f : context.federations()) {
      federated.put(SpiffeUri.trustDomain(f.trustDomain()), f.bundleUrl());
    }
    Duration timeout = s.duration("timeout", Duration.ofSeconds(3));
    WorkloadApiConnection connection = WorkloadApiConnection.open(socket, true, kind.equals("jwt"));
    TrustDomains domains = new TrustDomains(trustDomain, federated, timeout);
    this.connection = connection;
    this.domains = domains;
    attestation = kind.equals("jwt")
        ? new JwtSvidAttestation(connection, domains, agentPath, audience, timeout, context.clock())
        : new X509SvidAttestation(connection, domains, agentPath, timeout, context.clock());
  }

  @Override
  public Principal attest(String agentId) throws IdentityException {
    if (attestation == null) {
      throw IdentityException.misconfigured("the spiffe identity provider is not configured");
    }
    return attestation.attest(agentId);
  }

  @Override
  public DelegationKey delegationKey(String agentId) throws IdentityException {
    SvidAttestation a = attestation;
    return a == null ? null : a.delegationKey(agentId);
  }

  /**
   * A delegation token's signer is trusted when its chain is an X.509-SVID of the home or a
   * federated trust domain, valid now and verified against that domain's bundle, the same checks
   * this provider's own X.509-SVIDs pass.
   */
  @Override
  public DelegationTrust delegationTrust() {
    WorkloadApiConnection c = connection;
    TrustDomains d = domains;
    return c == null ? null : chain -> verifyChain(c, d, chain);
  }

  private static String verifyChain(WorkloadApiConnection connection, TrustDomains domains,
      List<X509Certificate> chain) throws IdentityException {
    X509Context context = connection.x509(Duration.ZERO);
    if (context == null) {
      throw connection.unavailable("X.509 bundle");
    }
    SpiffeId id;
    try {
      id = CertificateUtils.getSpiffeId(chain.get(0));
    } catch (CertificateException | RuntimeException e) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the signer's certificate is not an X.509-SVID");
    }
    String trustDomain = id.getTrustDomain().getName();
    domains.check(trustDomain, id.toString());
    try {
      X509SvidValidator.verifyChain(chain, domains.x509Bundles(context.getX509BundleSet(), trustDomain));
    } catch (BundleNotFoundException e) {
      throw IdentityException.of(ReasonCodes.IDENTITY_WRONG_TRUST_DOMAIN, "there is no trust bundle for trust domain "
          + trustDomain);
    } catch (CertificateException | RuntimeException e) {
      throw IdentityException.of(ReasonCodes.IDENTITY_BAD_SIGNATURE, "the signer's SVID chain does not verify against "
          + "the bundle of " + trustDomain + " (or is outside its validity)");
    }
    return id.toString();
  }

  @Override
  public long revision() {
    SvidAttestation a = attestation;
    return a == null ? 0 : a.revision();
  }

  @Override
  public String explain() {
    return attestation == null ? "spiffe (not configured)" : attestation.explain();
  }

  @Override
  public void close() {
    if (attestation != null) {
      attestation.close();
    }
  }
}
