package dev.faramesh.it.frameworks;

import dev.faramesh.audit.AuditReader;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.Jdks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One application run under the real {@code faramesh.jar} in a child JVM: a fresh working
 * directory with the policy, the framework-apps jar plus the resolved library versions on the
 * class path, and afterwards the result and every DPR the run appended to its WAL.
 */
final class AgentRun {

  final ChildJvm.Result result;
  final Path work;
  final List<DprRecord> decisions;

  private AgentRun(ChildJvm.Result result, Path work, List<DprRecord> decisions) {
    this.result = result;
    this.work = work;
    this.decisions = decisions;
  }

  /**
   * Runs {@code main} with {@code args}; {@code agentArgs} are the agent's arguments (at least
   * {@code agent=ID}); {@code setup} adds environment variables and JVM arguments.
   */
  static AgentRun run(Jdks.Jdk jdk, String name, String policy, List<Path> libraries, String agentArgs, String main,
      List<String> args, Consumer<ChildJvm> setup) throws IOException {
    Path work = Files.createTempDirectory("faramesh-it-" + name.replaceAll("[^A-Za-z0-9.-]", "_") + "-");
    Files.writeString(work.resolve("governance.fms"), policy);
    List<Path> cp = new ArrayList<>();
    cp.add(Path.of(System.getProperty("faramesh.it.framework-apps")));
    cp.addAll(libraries);
    ChildJvm child = ChildJvm.on(jdk)
        .agent(Path.of(System.getProperty("faramesh.jar")), agentArgs)
        .classpath(Artifacts.joined(cp))
        .main(main, args.toArray(new String[0]))
        .directory(work)
        .timeout(java.time.Duration.ofSeconds(120));
    setup.accept(child);
    ChildJvm.Result result = child.run();
    List<DprRecord> decisions = new ArrayList<>();
    Path wal = work.resolve(".faramesh/wal");
    if (Files.isDirectory(wal)) {
      AuditReader.forEach(wal, e -> decisions.add(e.record()));
    }
    return new AgentRun(result, work, decisions);
  }

  /** The DPRs whose tool id is {@code toolId}. */
  List<DprRecord> decisionsFor(String toolId) {
    return decisions.stream().filter(d -> toolId.equals(d.toolId())).toList();
  }

  @Override
  public String toString() {
    return result.toString();
  }
}
