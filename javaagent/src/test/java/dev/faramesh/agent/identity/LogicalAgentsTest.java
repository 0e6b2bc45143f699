package dev.faramesh.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faramesh.agent.config.AgentConfig;
import dev.faramesh.agent.decision.DecisionPoint;
import dev.faramesh.agent.decision.DecisionRecord;
import dev.faramesh.agent.identity.delegation.IncomingDelegation;
import dev.faramesh.agent.identity.delegation.ProcessSpawn;
import dev.faramesh.agent.identity.delegation.RemoteBudget;
import dev.faramesh.bootstrap.FarameshDeniedException;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.delegation.Delegation;
import dev.faramesh.identity.delegation.DelegationCheck;
import dev.faramesh.identity.delegation.DelegationToken;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyEngine;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LogicalAgents} with the real policy engine, the dev identity and an in-memory recorder:
 * spawning, which agent a thread acts for, and how that binding is entered, restored, handed to a
 * started thread and kept from a pool's threads.
 */
class LogicalAgentsTest {

  private static final String POLICY = """
      agent "supervisor" {
        default deny
        spawn { allow = ["worker-*"] }
        rules { permit http/* }
      }
      agent "worker-a" {
        default deny
        spawn { allow = ["worker-b"] }
        rules { permit http/get }
      }
      agent "worker-b" {
        default deny
        rules { permit http/get }
      }
      """;

  @TempDir Path dir;
  private final List<DecisionRecord> records = new CopyOnWriteArrayList<>();
  private LogicalAgents agents;

  @BeforeEach
  void start() throws Exception {
    Policy policy = Policy.parse("governance.fms", POLICY);
    AgentConfig config = AgentConfig.resolve("agent=supervisor", new Properties(), Map.of(), dir);
    AgentIdentity identity = AgentIdentity.start(config, policy, "supervisor", Map.of(),
        getClass().getClassLoader(), Clock.systemUTC(), new ArrayList<>());
    agents = new LogicalAgents(identity, policy, identity.providers(), Map.of(), dir, Clock.systemUTC());
    agents.recordTo(new DecisionPoint(new PolicyEngine(policy, null, Clock.systemUTC()), agents, records::add,
        Clock.systemUTC()));
  }

  @Test
  void aSpawnIsDecidedByTheCallersSpawnAllowAndRecorded() throws Exception {
    Object a = agents.attach("worker-a");
    assertThat(a).isNotInstanceOf(FarameshDeniedException.class);
    assertThat(records).extracting(r -> r.principal().agentId() + " " + r.decision().reasonCode())
        .containsExactly("worker-a " + ReasonCodes.SPAWN_ALLOWED);

    Object outside = agents.attach("intruder");
    assertThat(outside).isInstanceOf(FarameshDeniedException.class);
    assertThat(((FarameshDeniedException) outside).reasonCode()).isEqualTo(ReasonCodes.SPAWN_NOT_ALLOWED);

    // worker-a may spawn worker-b but not another worker-*: its own spawn { allow } applies, not its supervisor's
    Object previous = agents.enter(a);
    try {
      assertThat(agents.attach("worker-b")).isNotInstanceOf(FarameshDeniedException.class);
      Object c = agents.attach("worker-c");
      assertThat(((FarameshDeniedException) c).reasonCode()).isEqualTo(ReasonCodes.SPAWN_NOT_ALLOWED);
    } finally {
      agents.exit(previous);
    }
  }

  @Test
  void enteringBindsTheThreadAndExitRestoresWhatWasThereAlsoWhenNested() throws Exception {
    Object a = agents.attach("worker-a");
    assertThat(agents.currentAgentId()).isEqualTo("supervisor");
    assertThat(agents.current()).isNull();
    Object outer = agents.enter(a);
    assertThat(agents.currentAgentId()).isEqualTo("worker-a");
    Object b = agents.attach("worker-b");
    Object inner = agents.enter(b);
    Principal p = agents.currentPrincipal();
    assertThat(p.agentId()).isEqualTo("worker-b");
    // every identity above it, outermost first
    assertThat(p.delegatedFrom()).hasSize(2);
    assertThat(p.delegatedFrom().get(0)).endsWith("/supervisor");
    assertThat(p.delegatedFrom().get(1)).endsWith("/worker-a");
    // null is the JVM's own agent, whatever the thread was bound to
    Object root = agents.enter(null);
    assertThat(agents.currentAgentId()).isEqualTo("supervisor");
    assertThat(agents.currentPrincipal().delegatedFrom()).isEmpty();
    agents.exit(root);
    assertThat(agents.currentAgentId()).isEqualTo("worker-b");
    agents.exit(inner);
    assertThat(agents.currentAgentId()).isEqualTo("worker-a");
    agents.exit(outer);
    assertThat(agents.currentAgentId()).isEqualTo("supervisor");
    assertThat(agents.current()).isNull();
  }

  @Test
  void aThreadStartedByABoundThreadActsForItsWorkerButAPoolsThreadsDoNot() throws Exception {
    Object a = agents.attach("worker-a");
    AtomicReference<String> started = new AtomicReference<>();
    AtomicReference<String> pooled = new AtomicReference<>();
    Thread t = new Thread(() -> started.set(agents.currentAgentId()));
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
        r -> {
          // what the Thread.start advice does, from inside the pool's addWorker
          Thread worker = new Thread(r);
          agents.threadStarting(worker);
          return worker;
        });
    Object previous = agents.enter(a);
    try {
      agents.threadStarting(t);
      t.start();
      pool.execute(() -> pooled.set(agents.currentAgentId()));
    } finally {
      agents.exit(previous);
    }
    t.join();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(started.get()).isEqualTo("worker-a");
    // the pool's thread serves every agent; tasks carry their own binding (AgentHandoff)
    assertThat(pooled.get()).isEqualTo("supervisor");

    // a thread started unbound stays the JVM's agent
    AtomicReference<String> plain = new AtomicReference<>();
    Thread u = new Thread(() -> plain.set(agents.currentAgentId()));
    agents.threadStarting(u);
    u.start();
    u.join();
    assertThat(plain.get()).isEqualTo("supervisor");
  }

  @Test
  void aCallRemembersItsSenderOnlyOnceAWorkerExists() {
    assertThat(agents.sender()).isNull();
    Object a = agents.attach("worker-a");
    Object asJvm = agents.sender();
    assertThat(asJvm).isNotNull();
    Object previous = agents.enter(a);
    Object asWorker = agents.sender();
    agents.exit(previous);
    // replayed on another thread, each sender is decided as itself
    assertThat(agents.currentAgentId()).isEqualTo("supervisor");
    Object p = agents.enter(asWorker);
    assertThat(agents.currentAgentId()).isEqualTo("worker-a");
    Object q = agents.enter(asJvm);
    assertThat(agents.currentAgentId()).isEqualTo("supervisor");
    agents.exit(q);
    agents.exit(p);
  }

  @Test
  void theHandOffHooksAreInstalledOnceBeforeTheFirstSpawnAndAFailureRefusesEverySpawn() throws Exception {
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    agents.beforeFirstSpawn(() -> runs.incrementAndGet());
    assertThat(runs).hasValue(0);
    assertThat(agents.attach("worker-a")).isNotInstanceOf(FarameshDeniedException.class);
    assertThat(agents.attach("worker-b")).isNotInstanceOf(FarameshDeniedException.class);
    assertThat(runs).hasValue(1);

    start();
    agents.beforeFirstSpawn(() -> {
      runs.incrementAndGet();
      throw new IllegalStateException("could not instrument [class java.lang.Thread]");
    });
    for (String worker : List.of("worker-a", "worker-b")) {
      Object refused = agents.attach(worker);
      assertThat(refused).isInstanceOf(FarameshDeniedException.class);
      assertThat(((FarameshDeniedException) refused).reasonCode()).isEqualTo(ReasonCodes.INTERNAL_ERROR);
      assertThat(((FarameshDeniedException) refused).getMessage()).contains("could not instrument");
    }
    assertThat(runs).hasValue(2);
    assertThat(agents.sender()).isNull();
  }

  @Test
  void aWorkerProcessLaunchIsASpawnWithATokenTheWorkerAcceptsAndCarries() throws Exception {
    List<String> self = IncomingDelegation.ownArguments();
    ProcessSpawn spawn = agents.launch("worker-a", "java", self);
    assertThat(spawn.allowed()).isTrue();
    assertThat(spawn.token()).isNotNull();
    assertThat(spawn.toString()).doesNotContain(spawn.token());
    String supervisor = agents.currentPrincipal().id();
    Delegation d = DelegationToken.verify(spawn.token(), new DelegationCheck("worker-a",
        DelegationToken.commandHash(self), java.time.Instant.now(), null, true));
    assertThat(d.issuer()).isEqualTo(supervisor);
    assertThat(d.dev()).isTrue();
    assertThat(records).extracting(r -> r.principal().agentId() + " " + r.action().toolId() + " "
        + r.decision().reasonCode()).containsExactly("supervisor agent/spawn " + ReasonCodes.SPAWN_ALLOWED);

    // not in spawn { allow }: refused and recorded; the agent itself (a replica) is no spawn
    ProcessSpawn refused = agents.launch("intruder", "java", self);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.denial().decision().reasonCode()).isEqualTo(ReasonCodes.SPAWN_NOT_ALLOWED);
    assertThat(agents.launch("supervisor", "java", self).token()).isNull();
    // a command line that is not the worker JVM's own (faramesh run): allowed, but no token to bind
    assertThat(agents.launch("worker-b", "faramesh", null)).isEqualTo(ProcessSpawn.allowed(null));
    assertThat(records).hasSize(3);

    // the worker process: its agent verifies the token and carries the supervisor in every principal
    LogicalAgents worker = workerProcess(spawn.token());
    assertThat(worker.currentPrincipal().agentId()).isEqualTo("worker-a");
    assertThat(worker.currentPrincipal().delegatedFrom()).containsExactly(supervisor);
    // a worker it spawns in its own process carries both
    Object b = worker.attach("worker-b");
    Object previous = worker.enter(b);
    try {
      assertThat(worker.currentPrincipal().delegatedFrom()).containsExactly(supervisor,
          supervisor.replace("/supervisor", "/worker-a"));
    } finally {
      worker.exit(previous);
    }
    // a nested launch from the worker process passes the chain on
    ProcessSpawn nested = worker.launch("worker-b", "java", self);
    assertThat(DelegationToken.verify(nested.token(), new DelegationCheck("worker-b", DelegationToken.commandHash(
        self), java.time.Instant.now(), null, true)).chain()).containsExactly(supervisor,
        supervisor.replace("/supervisor", "/worker-a"));

    // an in-process worker launching a process: the launch is its spawn, and the token names it and its supervisor
    Object a = agents.attach("worker-a");
    Object bound = agents.enter(a);
    try {
      assertThat(agents.launch("worker-c", "java", self).allowed()).isFalse();
      Delegation fromWorker = DelegationToken.verify(agents.launch("worker-b", "java", self).token(),
          new DelegationCheck("worker-b", DelegationToken.commandHash(self), java.time.Instant.now(), null, true));
      assertThat(fromWorker.issuer()).endsWith("/worker-a");
      assertThat(fromWorker.chain()).containsExactly(supervisor, supervisor.replace("/supervisor", "/worker-a"));
    } finally {
      agents.exit(bound);
    }

    // a token for another agent: every decision of the worker process is denied with the token's code
    LogicalAgents wrong = workerProcess(agents.launch("worker-b", "java", self).token());
    assertThatThrownBy(wrong::currentPrincipal).isInstanceOf(IdentityException.class)
        .extracting(e -> ((IdentityException) e).reasonCode())
        .isEqualTo(ReasonCodes.DELEGATION_TOKEN_WRONG_AUDIENCE);
  }

  @Test
  void aWorkerProcessThatInheritsBudgetsChargesTheSupervisorsLedgerThroughItsEndpoint() throws Exception {
    String text = POLICY.replace("""
        spawn { allow = ["worker-*"] }
        """, """
        spawn { allow = ["worker-*"] }
        delegate { to = ["worker-a"] inherits = ["budget.daily"] }
        budget daily {
          daily $100
          cost $30
          tools = ["http/*"]
        }
        """);
    assertThat(text).contains("inherits");
    Policy policy = Policy.parse("governance.fms", text);
    AgentConfig config = AgentConfig.resolve("agent=supervisor", new Properties(), Map.of(), dir);
    AgentIdentity identity = AgentIdentity.start(config, policy, "supervisor", Map.of(),
        getClass().getClassLoader(), Clock.systemUTC(), new ArrayList<>());
    LogicalAgents supervisor = new LogicalAgents(identity, policy, identity.providers(), Map.of(), dir,
        Clock.systemUTC());
    PolicyEngine supervisorEngine = new PolicyEngine(policy, null, Clock.systemUTC());
    List<DecisionRecord> spawns = new CopyOnWriteArrayList<>();
    supervisor.recordTo(new DecisionPoint(supervisorEngine, supervisor, spawns::add, Clock.systemUTC()));
    List<String> self = IncomingDelegation.ownArguments();

    ProcessSpawn spawn = supervisor.launch("worker-a", "java", self);
    assertThat(spawn.budget()).containsOnlyKeys(RemoteBudget.VARIABLES);
    assertThat(spawn.budget()).containsEntry(RemoteBudget.SUPERVISOR, "supervisor");
    assertThat(spawn.toString()).doesNotContain(spawn.budget().get(RemoteBudget.SECRET)).contains("budget grant");
    assertThat(spawns.get(0).decision().reason()).contains("inherited budgets [daily] served to it");
    // worker-b is not in delegate { to }: it gets a token but no grant
    assertThat(supervisor.launch("worker-b", "java", self).budget()).isEmpty();

    // the worker process, wired as Engine does it
    Map<String, String> env = new java.util.HashMap<>(spawn.budget());
    env.put(DelegationToken.VARIABLE, spawn.token());
    Policy workerPolicy = Policy.parse("governance.fms", text);
    AgentConfig workerConfig = AgentConfig.resolve("agent=worker-a", new Properties(), env, dir);
    AgentIdentity workerIdentity = AgentIdentity.start(workerConfig, workerPolicy, "worker-a", env,
        getClass().getClassLoader(), Clock.systemUTC(), new ArrayList<>());
    LogicalAgents worker = new LogicalAgents(workerIdentity, workerPolicy, workerIdentity.providers(), env, dir,
        Clock.systemUTC());
    PolicyEngine workerEngine = new PolicyEngine(workerPolicy, null, Clock.systemUTC());
    IncomingDelegation incoming = IncomingDelegation.read(env, "worker-a", workerIdentity.provider(),
        Clock.systemUTC());
    worker.delegatedBy(incoming);
    RemoteBudget remote = RemoteBudget.from(env, "worker-a");
    incoming.inheritFrom(remote.supervisor(), id -> workerEngine.inheritThrough(remote.supervisor(), id, remote));

    dev.faramesh.policy.Action get = dev.faramesh.policy.Action.http(new dev.faramesh.policy.HttpTarget("https",
        "example.org", 443, "GET", "/", null), "test");
    Principal w = worker.currentPrincipal();
    assertThat(w.supervisor().agentId()).isEqualTo("supervisor");
    assertThat(w.supervisor().id()).isEqualTo(supervisor.currentPrincipal().id());
    Principal s = supervisor.currentPrincipal();
    assertThat(supervisorEngine.decide(get, s).reasonCode()).isEqualTo(ReasonCodes.RULE_PERMIT);
    assertThat(workerEngine.decide(get, w).reasonCode()).isEqualTo(ReasonCodes.RULE_PERMIT);
    assertThat(workerEngine.decide(get, w).reasonCode()).isEqualTo(ReasonCodes.RULE_PERMIT);
    assertThat(workerEngine.decide(get, w).reasonCode()).isEqualTo(ReasonCodes.BUDGET_DAILY_EXCEEDED);
    // spent in the supervisor's ledger: its own next call does not fit either
    assertThat(supervisorEngine.decide(get, s).reasonCode()).isEqualTo(ReasonCodes.BUDGET_DAILY_EXCEEDED);
    // and nothing in the worker process's own copy of the supervisor's budget
    assertThat(workerPolicy.agent("supervisor").inheritedBudgets().get(0).spent(s.id())).containsExactly(0, 0);
  }

  private LogicalAgents workerProcess(String token) throws Exception {
    Policy policy = Policy.parse("governance.fms", POLICY);
    Map<String, String> env = Map.of(DelegationToken.VARIABLE, token);
    AgentConfig config = AgentConfig.resolve("agent=worker-a", new Properties(), env, dir);
    AgentIdentity identity = AgentIdentity.start(config, policy, "worker-a", env, getClass().getClassLoader(),
        Clock.systemUTC(), new ArrayList<>());
    LogicalAgents worker = new LogicalAgents(identity, policy, identity.providers(), env, dir, Clock.systemUTC());
    worker.recordTo(new DecisionPoint(new PolicyEngine(policy, null, Clock.systemUTC()), worker, r -> { },
        Clock.systemUTC()));
    worker.delegatedBy(IncomingDelegation.read(env, "worker-a", identity.provider(), Clock.systemUTC()));
    return worker;
  }
}
