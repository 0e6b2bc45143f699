package dev.faramesh.agent.process;

import dev.faramesh.agent.decision.DecisionPoint;
import dev.faramesh.agent.decision.Verdict;
import dev.faramesh.agent.env.EnvironmentView;
import dev.faramesh.policy.Action;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Child process launches: each is the action {@code process/exec} with arguments
 * {@code program} (the executable's file name), {@code command} (the whole command line) and
 * {@code args}; a permitted launch gets its environment rewritten so the child holds
 * placeholders only, whatever the application put into {@code ProcessBuilder.environment()}.
 */
public final class ProcessGate {

  static final String TOOL = "process/exec";

  private final DecisionPoint decisions;
  private final EnvironmentView environment;

  public ProcessGate(DecisionPoint decisions, EnvironmentView environment) {
    this.decisions = decisions;
    this.environment = environment;
  }

  public Throwable start(ProcessBuilder builder) {
    List<String> command = List.copyOf(builder.command());
    String program = command.isEmpty() ? "" : command.get(0);
    String name = program.substring(program.lastIndexOf('/') + 1);
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("program", name);
    args.put("path", program);
    args.put("command", command);
    args.put("args", command.isEmpty() ? List.of() : command.subList(1, command.size()));
    Verdict verdict = decisions.decide(Action.tool(TOOL, args, "process"));
    if (!verdict.allowed()) {
      return verdict.ioDenial(name);
    }
    environment.rewrite(builder.environment());
    return null;
  }
}
