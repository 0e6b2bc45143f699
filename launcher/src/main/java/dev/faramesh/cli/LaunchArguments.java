package dev.faramesh.cli;

import dev.faramesh.launcher.LaunchOptions;
import dev.faramesh.policy.Mode;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * The options {@code faramesh run} and {@code faramesh dev} share, and the command after them.
 * Everything from the first word that is not an option (or after {@code --}) belongs to the
 * command, so its own options are never read as the launcher's.
 */
final class LaunchArguments {

  @Option(names = "--policy", paramLabel = "FILE", defaultValue = "governance.fms",
      description = "Policy file (default: ${DEFAULT-VALUE} in the working directory).")
  Path policy;

  @Option(names = "--agent", paramLabel = "ID", description = "The policy's agent the command runs as "
      + "(default: the policy's only agent).")
  String agent;

  @Option(names = "--mode", paramLabel = "MODE", converter = ModeConverter.class,
      description = "enforce, shadow or audit (default: the policy's runtime mode; decisions are enforced).")
  Mode mode;

  @Option(names = "--wal", paramLabel = "DIR", description = "Audit WAL directory (default: the policy's "
      + "runtime wal_dir, else .faramesh/wal). A JVM command's agent writes to DIR/jvm.")
  Path wal;

  @Option(names = "--no-proxy", paramLabel = "HOSTS", description = "Comma-separated hosts the command reaches "
      + "directly, not through the credential proxy (NO_PROXY). Requests to them are neither decided nor recorded.")
  String noProxy;

  @Option(names = "--agent-jar", paramLabel = "FILE", description = "faramesh.jar to add to JVM commands "
      + "(default: the jar faramesh runs from).")
  Path agentJar;

  @Option(names = {"-q", "--quiet"}, description = "No start-up summary on stderr.")
  boolean quiet;

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
  List<String> command;

  LaunchOptions options(boolean dev) {
    return new LaunchOptions(policy, agent, mode, wal, dev, agentJar, noProxy, quiet, command,
        Path.of("").toAbsolutePath(), System.getenv(), null, true);
  }

  /** {@code --mode} values. */
  static final class ModeConverter implements ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      Mode m = Mode.parse(value);
      if (m == null) {
        throw new TypeConversionException("\"" + value + "\" is not a mode; use enforce, shadow or audit");
      }
      return m;
    }
  }
}
