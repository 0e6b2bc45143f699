package dev.faramesh.policy;

import dev.faramesh.policy.engine.AgentRules;
import java.util.List;

/**
 * One {@code agent} block: its name, default effect and compiled rules, which identity block
 * attests it, and the supervisor settings ({@code spawn { allow = [...] }},
 * {@code delegate { to = [...] inherits = [...] }}) the identity layer enforces.
 */
public record AgentPolicy(String name, SourceRef ref, Effect defaultEffect, AgentRules rules, String identity,
    List<String> spawnAllow, long spawnMaxConcurrent, List<String> delegateTo, List<String> delegateInherits,
    List<Delegation> delegations, String model, String framework) {}
