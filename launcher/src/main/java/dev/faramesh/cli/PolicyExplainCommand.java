package dev.faramesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.Decision;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyEngine;
import dev.faramesh.policy.PolicyException;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.engine.Explainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faramesh policy explain F --agent A --tool T ...}: which rule decides the call and why,
 * listing each rule the search looked at. With {@code --json}, one object with {@code effect},
 * {@code rule_id}, {@code rule_ref}, {@code reason_code}, {@code reason} and the {@code trace}.
 * Exit 0 whatever the decision; 1 when the policy is invalid.
 */
@Command(name = "explain", description = "Explain which rule decides a call and why.")
final class PolicyExplainCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The governance.fms file.")
  Path file;

  @Mixin
  ActionOptions call;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Policy policy;
    try {
      policy = Policy.load(file);
    } catch (PolicyException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 1;
    }
    Action action;
    try {
      action = call.action();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Principal principal = call.principal();
    Clock clock = Clock.systemUTC();
    List<Explainer.Step> steps = Explainer.trace(policy.rulesFor(call.agent), action, principal, clock.millis());
    Decision d = new PolicyEngine(policy, null, clock).decide(action, principal);
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("effect", d.effect().name());
      o.put("rule_id", d.ruleId());
      o.put("rule_ref", d.ruleRef() == null ? null : d.ruleRef().toString());
      o.put("reason_code", d.reasonCode());
      o.put("reason", d.reason());
      o.put("agent", call.agent);
      o.put("tool", action.toolId());
      o.put("credentials", d.credentials().stream().map(b -> b.name()).toList());
      List<Map<String, Object>> trace = new ArrayList<>();
      for (Explainer.Step s : steps) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("rule_id", s.rule().id());
        t.put("rule", s.rule().describe());
        t.put("outcome", s.outcome());
        t.put("decisive", s.decisive());
        trace.add(t);
      }
      o.put("trace", trace);
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
      return 0;
    }
    out.println("agent " + call.agent + ", " + action);
    if (policy.agent(call.agent) == null) {
      out.println("  (agent " + call.agent + " is not declared; only flat rules apply, default deny)");
    }
    if (steps.isEmpty()) {
      out.println("  no rule's tool pattern matches " + action.toolId());
    }
    for (Explainer.Step s : steps) {
      out.println("  " + (s.decisive() ? "=> " : "   ") + s.rule().id() + "  " + s.rule().describe());
      out.println("        " + s.outcome());
    }
    out.println("decision: " + d.describe());
    if (!d.credentials().isEmpty()) {
      out.println("credentials usable: " + String.join(", ", d.credentials().stream().map(b -> b.name()).toList()));
    }
    return 0;
  }
}
