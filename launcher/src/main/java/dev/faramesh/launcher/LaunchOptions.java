package dev.faramesh.launcher;

import dev.faramesh.policy.Mode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code faramesh run} and {@code faramesh dev} were asked to do: the policy file, the agent
 * label (null: the policy's only agent), the mode (null: the policy's), the WAL directory (null:
 * the policy's or the default), whether to run as the dev identity, where {@code faramesh.jar} is
 * (null: the jar this code runs from), hosts that bypass the proxy, the command, and the launcher's
 * working directory and environment. {@code runBase} (null: {@code $XDG_RUNTIME_DIR} or the temp
 * directory) is where the run directory is made; {@code forwardSignals} is off only in tests that
 * run the launcher inside their own JVM.
 */
public record LaunchOptions(Path policy, String agentId, Mode mode, Path wal, boolean devIdentity, Path agentJar,
    String noProxy, boolean quiet, List<String> command, Path workingDirectory, Map<String, String> environment,
    Path runBase, boolean forwardSignals) {

  public LaunchOptions {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }
}
