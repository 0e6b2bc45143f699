package dev.faramesh.policy.engine;

import dev.faramesh.policy.Glob;
import java.util.List;

/**
 * An agent's {@code egress { allow = [...] deny = [...] }}: hosts HTTP actions may reach. A listed
 * deny wins; with an allow list, every other host is denied; an empty allow list restricts nothing.
 */
public record Egress(List<Glob> allow, List<Glob> deny) {

  public boolean permits(String host) {
    for (Glob g : deny) {
      if (g.matches(host)) {
        return false;
      }
    }
    if (allow.isEmpty()) {
      return true;
    }
    for (Glob g : allow) {
      if (g.matches(host)) {
        return true;
      }
    }
    return false;
  }
}
