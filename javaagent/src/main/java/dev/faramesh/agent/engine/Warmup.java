package dev.faramesh.agent.engine;

import dev.faramesh.agent.install.HookInstaller;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.HttpTarget;
import dev.faramesh.policy.PolicyEngine;
import java.time.Clock;
import java.util.List;

/**
 * Work moved off the application's threads after premain, onto a spare core while the application
 * starts: weaving the targets that are not loaded yet, and loading the classes the first decision
 * and the first DPR need. The decision is made by a throw-away engine (its rate-limit and budget
 * counters are its own) and nothing is recorded.
 */
final class Warmup implements Runnable {

  /** Classes of the DPR append path, loaded by name; a renamed one is simply not warmed. */
  private static final List<String> AUDIT_PATH = List.of("dev.faramesh.audit.RecordSealer",
      "dev.faramesh.audit.FullCanonicalForm", "dev.faramesh.audit.JcsText", "dev.faramesh.audit.Sha256",
      "dev.faramesh.audit.GoTime", "dev.faramesh.audit.Es6Numbers", "dev.faramesh.audit.ByteSink",
      "dev.faramesh.audit.WalFormat", "dev.faramesh.audit.GroupSync", "dev.faramesh.audit.DenialTokens",
      "dev.faramesh.audit.ArgsSignature", "dev.faramesh.audit.PrincipalDigests");

  private final HookInstaller.Installation hooks;
  private final Engine engine;

  Warmup(HookInstaller.Installation hooks, Engine engine) {
    this.hooks = hooks;
    this.engine = engine;
  }

  @Override
  public void run() {
    try {
      hooks.preweave();
      PolicyEngine scratch = new PolicyEngine(engine.decisions().engine().policy(), engine.decisions().mode(),
          Clock.systemUTC());
      scratch.decide(Action.http(new HttpTarget("http", "warmup.invalid", 80, "GET", "/", null), "warmup"),
          engine.principal());
      DprRecord.builder().agentId("warmup").toolId("http/get").effect("PERMIT").build();
      ClassLoader own = Warmup.class.getClassLoader();
      for (String name : AUDIT_PATH) {
        try {
          Class.forName(name, true, own);
        } catch (ClassNotFoundException | LinkageError ignored) {
          // only a missed optimisation
        }
      }
    } catch (RuntimeException ignored) {
      // warming is best effort; the real paths do the same work when they first run
    }
  }
}
