package dev.faramesh.identity.spiffe;

import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.IdentitySettings;
import dev.faramesh.identity.SpiffeUri;
import dev.faramesh.policy.FederatedDomain;
import dev.faramesh.policy.Principal;
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
