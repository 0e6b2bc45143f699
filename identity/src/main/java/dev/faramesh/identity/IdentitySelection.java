package dev.faramesh.identity;

import dev.faramesh.policy.AgentPolicy;
import dev.faramesh.policy.IdentityConfig;
import dev.faramesh.policy.Policy;

/**
 * Which identity block attests an agent label, and why: what the agent and
 * {@code faramesh identity show} both use. For the JVM's own agent the block named by the agent's
 * configuration ({@code identity=NAME}, {@code -Dfaramesh.identity}, {@code FARAMESH_IDENTITY})
 * wins, then {@code runtime { identity }}, then the agent block's {@code identity}; for the other
 * logical agents of the process the agent block's own {@code identity} comes first. No block at all
 * means the built-in dev identity ({@code block} is {@code null}), as does a configured
 * {@code identity=dev} when the policy declares no block named {@code dev} ({@code faramesh dev}).
 */
public record IdentitySelection(IdentityConfig block, String why) {

  /** The provider type: the block's, or {@code dev}. */
  public String type() {
    return block == null ? "dev" : block.type();
  }

  /**
   * @param configured the block name the agent was configured with, or {@code null}
   * @param configuredBy where that name came from ({@code agent argument identity}, ...)
   * @param primary whether {@code agentId} is the JVM's own agent rather than one it started
   */
  public static IdentitySelection select(Policy policy, String agentId, String configured, String configuredBy,
      boolean primary) throws IdentityException {
    AgentPolicy agent = policy.agent(agentId);
    String own = agent == null ? null : agent.identity();
    String name;
    String why;
    if (primary && "dev".equals(configured) && policy.identity("dev") == null) {
      return new IdentitySelection(null, configuredBy + " asks for the built-in dev identity (identity=dev)");
    }
    if (!primary && own != null) {
      name = own;
      why = policy.file() + " agent " + agentId + " { identity = \"" + own + "\" }";
    } else if (configured != null) {
      name = configured;
      why = configuredBy;
    } else if (policy.runtime().identity() != null) {
      name = policy.runtime().identity();
      why = policy.file() + " runtime { identity = \"" + name + "\" }";
    } else if (own != null) {
      name = own;
      why = policy.file() + " agent " + agentId + " { identity = \"" + own + "\" }";
    } else {
      return new IdentitySelection(null, "no identity block is selected (no identity=NAME, no runtime { identity }, "
          + "no identity in agent " + agentId + "): the built-in dev identity");
    }
    IdentityConfig block = policy.identity(name);
    if (block == null) {
      throw IdentityException.misconfigured(why + " names identity \"" + name + "\", which " + policy.file()
          + " does not declare");
    }
    return new IdentitySelection(block, "identity \"" + name + "\" (type " + block.type() + ", " + block.ref()
        + "), selected by " + why);
  }
}
