package dev.faramesh.identity.spiffe;

import dev.faramesh.identity.SpiffeUri;

/**
 * {@code agent_path = "/agents/{agent}"}: the SPIFFE id the Workload API must have issued for
 * each agent label of the process; without it, every label uses the workload's default SVID.
 */
final class AgentPath {

  private final String trustDomain;
  private final String template;

  AgentPath(String trustDomain, String template) {
    this.trustDomain = trustDomain;
    this.template = template;
  }

  boolean configured() {
    return template != null;
  }

  /** The SPIFFE id expected for {@code agentId}, or {@code null} without an agent path. */
  String expected(String agentId) {
    return template == null ? null : "spiffe://" + trustDomain + template.replace("{agent}", SpiffeUri.segment(agentId));
  }

  String describe() {
    return template == null ? "the workload's default SVID for every agent" : "the SVID spiffe://" + trustDomain
        + template + " for each agent";
  }
}
