package dev.faramesh.policy;

import java.util.List;

/**
 * The {@code runtime { ... }} block: the mode decisions are acted on in, where the WAL goes, which
 * extra environment variables (glob patterns) are stripped from child processes, which
 * {@code identity} block attests the agent, and the stack name used in dev identities. Absent
 * values are {@code null}; the agent's configuration fills them in.
 */
public record RuntimeSettings(Mode mode, String walDir, List<String> stripEnv, String identity, String stack) {

  public static final RuntimeSettings EMPTY = new RuntimeSettings(null, null, List.of(), null, null);
}
