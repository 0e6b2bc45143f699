package dev.faramesh.agent.identity.delegation;

import dev.faramesh.agent.decision.Verdict;

/**
 * The outcome of launching a worker process: refused ({@code denial}, recorded as an
 * {@code agent/spawn} DPR), or allowed with the delegation token to put into the child's
 * environment ({@code null} when the supervisor's identity holds no signing key or the launch
 * cannot be bound to the worker's command line).
 */
public record ProcessSpawn(Verdict denial, String token) {

  public static ProcessSpawn refused(Verdict denial) {
    return new ProcessSpawn(denial, null);
  }

  public static ProcessSpawn allowed(String token) {
    return new ProcessSpawn(null, token);
  }

  public boolean allowed() {
    return denial == null;
  }

  @Override
  public String toString() {
    // never the token
    return allowed() ? "ProcessSpawn[allowed" + (token == null ? "" : ", with token") + "]"
        : "ProcessSpawn[refused " + denial.decision().reasonCode() + "]";
  }
}
