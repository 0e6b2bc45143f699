package dev.faramesh.agent.process;

import dev.faramesh.agent.decision.DecisionPoint;
import dev.faramesh.agent.decision.Verdict;
import dev.faramesh.agent.env.EnvironmentView;
import dev.faramesh.agent.identity.LogicalAgents;
import dev.faramesh.agent.identity.delegation.ProcessSpawn;
import dev.faramesh.agent.identity.delegation.WorkerLaunch;
import dev.faramesh.identity.delegation.DelegationToken;
import dev.faramesh.policy.Action;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Child process launches: each is the action {@code process/exec} with arguments
 * {@code program} (the executable's file name), {@code command} (the whole command line) and
 * {@code args}; a permitted launch gets its environment rewritten so the child holds
 * placeholders only, whatever the application put into {@code ProcessBuilder.environment()}. A
 * permitted launch of a JVM that will run under Faramesh as another agent is a spawn of that
 * worker by the acting agent: refused unless its {@code spawn { allow }} lists the worker, else the
 * child gets a delegation token in {@code FARAMESH_DELEGATION} and, when it inherits budgets, the
 * grant to its supervisor's budget endpoint (the only variables added here).
 */
public final class ProcessGate {

  static final String TOOL = "process/exec";

  private final DecisionPoint decisions;
  private final EnvironmentView environment;
  private final LogicalAgents agents;

  public ProcessGate(DecisionPoint decisions, EnvironmentView environment) {
    this(decisions, environment, null);
  }

  /** With {@code agents}, a launch of a worker JVM is also a spawn ({@link LogicalAgents#launch}). */
  public ProcessGate(DecisionPoint decisions, EnvironmentView environment, LogicalAgents agents) {
    this.decisions = decisions;
    this.environment = environment;
    this.agents = agents;
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
    Map<String, String> childEnvironment = builder.environment();
    // also drops a FARAMESH_DELEGATION this process was started with: a nested spawn gets its own
    environment.rewrite(childEnvironment);
    WorkerLaunch worker = agents == null ? null : WorkerLaunch.of(command, childEnvironment);
    if (worker != null) {
      ProcessSpawn spawn = agents.launch(worker.agentId(), name,
          worker.direct() ? command.subList(1, command.size()) : null);
      if (!spawn.allowed()) {
        return spawn.denial().ioDenial(name);
      }
      if (spawn.token() != null) {
        childEnvironment.put(DelegationToken.VARIABLE, spawn.token());
      }
      childEnvironment.putAll(spawn.budget());
    }
    return null;
  }
}
