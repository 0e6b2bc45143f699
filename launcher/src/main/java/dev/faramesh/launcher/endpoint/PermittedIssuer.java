package dev.faramesh.launcher.endpoint;

import dev.faramesh.broker.Broker;
import dev.faramesh.broker.CredentialUnavailableException;
import dev.faramesh.broker.Lease;
import dev.faramesh.broker.Secret;
import dev.faramesh.launcher.decision.RunDecisions;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.HttpTarget;

/**
 * What the launcher answers when its in-JVM agent asks for a credential: it decides the action
 * again under its own policy, identity and audit log (one DPR per issue), and issues the value
 * only when the decision permits the call, the credential is among those the decision grants, and
 * the destination is one of the credential's hosts. Only HTTP requests receive values this way.
 */
public final class PermittedIssuer implements BrokerEndpoint.Issuer {

  private final RunDecisions decisions;
  private final Broker broker;

  public PermittedIssuer(RunDecisions decisions, Broker broker) {
    this.decisions = decisions;
    this.broker = broker;
  }

  @Override
  public Secret issue(String credential, Action action) throws BrokerEndpoint.Refusal {
    CredentialBinding binding = broker.binding(credential);
    if (binding == null) {
      throw new BrokerEndpoint.Refusal("UNKNOWN_CREDENTIAL", "the policy declares no credential \"" + credential + "\"");
    }
    HttpTarget t = action.http();
    if (t == null) {
      throw new BrokerEndpoint.Refusal("NOT_HTTP", "credentials are issued to the agent for HTTP requests only");
    }
    String target = t.scheme() + "://" + t.host() + ":" + t.port() + t.path();
    RunDecisions.Outcome outcome = decisions.decide(action, target, t.host(), t.port(), b -> b == binding);
    if (!outcome.allowed()) {
      throw new BrokerEndpoint.Refusal(outcome.decision().reasonCode(), outcome.denial());
    }
    if (!outcome.credentials().contains(binding)) {
      throw new BrokerEndpoint.Refusal("CREDENTIAL_NOT_GRANTED", "credential \"" + credential + "\" is not granted for "
          + action.toolId() + " to " + t.host() + " (not in its scope or hosts)");
    }
    try {
      Lease lease = broker.lease(binding);
      String value = lease.value();
      if (value == null) {
        throw new BrokerEndpoint.Refusal("CREDENTIAL_UNAVAILABLE", "the lease expired before it was issued");
      }
      return new Secret(value);
    } catch (CredentialUnavailableException e) {
      throw new BrokerEndpoint.Refusal("CREDENTIAL_UNAVAILABLE", e.getMessage());
    }
  }
}
