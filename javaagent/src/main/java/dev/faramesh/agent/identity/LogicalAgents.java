package dev.faramesh.agent.identity;

import dev.faramesh.agent.decision.DecisionPoint;
import dev.faramesh.agent.decision.PrincipalResolver;
import dev.faramesh.agent.decision.PrincipalSource;
import dev.faramesh.agent.decision.Verdict;
import dev.faramesh.agent.http.WeakIdentityMap;
import dev.faramesh.agent.identity.delegation.BudgetEndpoint;
import dev.faramesh.agent.identity.delegation.IncomingDelegation;
import dev.faramesh.agent.identity.delegation.RemoteBudget;
import dev.faramesh.agent.identity.delegation.ProcessSpawn;
import dev.faramesh.agent.identity.delegation.WorkerLaunch;
import dev.faramesh.identity.delegation.Delegation;
import dev.faramesh.identity.delegation.DelegationKey;
import dev.faramesh.identity.delegation.DelegationToken;
import dev.faramesh.bootstrap.Agents;
import dev.faramesh.bootstrap.FarameshDeniedException;
import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.IdentityProviders;
import dev.faramesh.identity.IdentitySelection;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.AgentPolicy;
import dev.faramesh.policy.Decision;
import dev.faramesh.policy.Effect;
import dev.faramesh.policy.Mode;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logical agents of one process ({@code Faramesh.agent("worker-research")}) and which one
 * each thread acts for. A worker is spawned by the agent the calling thread acts for, only when
 * that agent's {@code spawn { allow }} lists it, and is attested on its own: its agent block's
 * {@code identity} (else the JVM's identity block) attests the worker's label, and a worker that
 * comes out as the same identity as its supervisor is refused ({@code IDENTITY_NOT_DISTINCT}).
 * Every decision made on a bound thread uses the worker's principal, re-attested as it rotates or
 * expires, carrying its supervisor (whose delegated budgets it spends) and {@code delegated_from}
 * with every identity above it. Spawns are recorded as {@code agent/spawn} DPRs.
 */
public final class LogicalAgents implements Agents, PrincipalResolver {

  /** What a handle stands for: one agent label and the chain of labels that spawned it. */
  record Binding(String agentId, Binding supervisor) {}

  /** Bound explicitly to the JVM's own agent (work it submitted, run on another thread). */
  private static final Binding ROOT = new Binding("", null);
  /** Frames of the pools that start their own threads: those threads act for no agent between tasks. */
  private static final Set<String> POOLS = Set.of("java.util.concurrent.ThreadPoolExecutor",
      "java.util.concurrent.ForkJoinPool");

  private final AgentIdentity primary;
  private final Policy policy;
  private final IdentityProviders providers;
  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final Clock clock;
  private final ThreadLocal<Binding> bound = new ThreadLocal<>();
  /** Threads started by a bound thread, until their first decision binds them ({@link #binding}). */
  private final WeakIdentityMap<Thread, Binding> started = new WeakIdentityMap<>();
  private final Map<String, PrincipalSource> sources = new ConcurrentHashMap<>();
  private final Map<String, IdentityProvider> providersByBlock = new ConcurrentHashMap<>();
  private volatile DecisionPoint decisions;
  /** The delegation this process was started with (it runs as a worker of another process's agent). */
  private volatile IncomingDelegation incoming = IncomingDelegation.none();
  /** Whether a worker was ever spawned; until then no call needs to remember its agent. */
  private volatile boolean spawned;
  /** Serves the budgets worker processes inherit; opened by the first launch that needs it. */
  private BudgetEndpoint budgetEndpoint;
  private Preparation preparation;
  /** Why {@link #preparation} failed; {@code null} while it has not or has succeeded. */
  private String unprepared;

  public LogicalAgents(AgentIdentity primary, Policy policy, IdentityProviders providers,
      Map<String, String> environment, Path workingDirectory, Clock clock) {
    this.primary = primary;
    this.policy = policy;
    this.providers = providers;
    this.environment = environment;
    this.workingDirectory = workingDirectory;
    this.clock = clock;
    if (primary.selection().block() != null) {
      providersByBlock.put(primary.selection().block().name(), primary.provider());
    } else {
      providersByBlock.put("", primary.provider());
    }
    sources.put(primary.principals().agentId(), primary.principals());
  }

  /** What must be in place before a worker exists: the hooks that carry it across threads. */
  public interface Preparation {
    void run() throws Exception;
  }

  /** Runs {@code preparation} once, before the first spawn is allowed; if it fails, spawns are refused. */
  public void beforeFirstSpawn(Preparation preparation) {
    this.preparation = preparation;
  }

  /** The delegation this process was started with; every principal of its own agent carries it. */
  public void delegatedBy(IncomingDelegation delegation) {
    this.incoming = delegation;
  }

  /** Where spawns are recorded; set once the decision point exists. */
  public void recordTo(DecisionPoint decisions) {
    this.decisions = decisions;
  }

  @Override
  public String currentAgentId() {
    Binding b = binding();
    return b == null ? primary.currentAgentId() : b.agentId();
  }

  @Override
  public Principal currentPrincipal() throws IdentityException {
    Binding b = binding();
    return b == null ? incoming.apply(primary.currentPrincipal()) : principal(b);
  }

  /**
   * The worker the calling thread acts for, {@code null} for the JVM's agent. A thread that was
   * started by a bound thread takes that binding at its first look and keeps it for its life.
   */
  private Binding binding() {
    Binding b = bound.get();
    if (b == null) {
      Thread self = Thread.currentThread();
      b = started.get(self);
      if (b != null) {
        started.remove(self);
      }
      bound.set(b == null ? ROOT : b);
    }
    return b == ROOT ? null : b;
  }

  @Override
  public Object current() {
    return binding();
  }

  /**
   * What a call that continues on other threads remembers of its sender, for {@link #enter}:
   * {@code null} until the first worker is spawned (there is nobody to tell apart, and nothing is
   * kept), then the sender's binding, also the JVM agent's.
   */
  public Object sender() {
    if (!spawned) {
      return null;
    }
    Binding b = binding();
    return b == null ? ROOT : b;
  }

  /**
   * A thread started by a bound thread acts for the same worker, for its whole life. Not so a
   * pool's own threads (started inside {@code ThreadPoolExecutor} or {@code ForkJoinPool}: they
   * run tasks of every agent, each task bound on its own) and the JDK's own thread classes
   * (the {@code HttpClient}'s selector, timers, cleaners), which serve whoever uses them.
   */
  @Override
  public void threadStarting(Thread thread) {
    Binding b = binding();
    if (b == null || jdkThread(thread) || startedByPool()) {
      return;
    }
    started.put(thread, b);
  }

  private static boolean jdkThread(Thread thread) {
    Class<?> type = thread.getClass();
    if (type == Thread.class || type.getName().equals("java.lang.VirtualThread")) {
      return false;
    }
    ClassLoader loader = type.getClassLoader();
    return loader == null || loader == ClassLoader.getPlatformClassLoader();
  }

  private static boolean startedByPool() {
    return StackWalker.getInstance().walk(frames -> frames.limit(24)
        .anyMatch(f -> POOLS.contains(f.getClassName())));
  }

  private Principal principal(Binding b) throws IdentityException {
    Principal own = source(b.agentId()).principal();
    if (b.supervisor() == null) {
      return incoming.apply(own);
    }
    Principal supervisor = principal(b.supervisor());
    if (!own.dev() && own.id().equals(supervisor.id())) {
      throw IdentityException.of(ReasonCodes.IDENTITY_NOT_DISTINCT, "agent " + b.agentId() + " attested as "
          + own.id() + ", the identity of its supervisor " + supervisor.agentId() + ": a worker needs its own");
    }
    List<String> chain = new ArrayList<>(supervisor.delegatedFrom());
    chain.add(supervisor.id());
    return own.toBuilder().supervisor(supervisor).delegatedFrom(chain).build();
  }

  private Binding caller() {
    Binding b = binding();
    return b != null ? b : new Binding(primary.currentAgentId(), null);
  }

  @Override
  public Object attach(String agentId) {
    Binding caller = caller();
    if (agentId.equals(caller.agentId())) {
      return caller;
    }
    Action action = Action.tool("agent/spawn", Map.of("agent", agentId), "faramesh.agent");
    AgentPolicy block = policy.agent(caller.agentId());
    Binding worker = new Binding(agentId, caller);
    Principal supervisor;
    try {
      supervisor = principal(caller);
    } catch (IdentityException e) {
      return refuse(action, unattested(caller.agentId()), Decision.deny(e.reasonCode(),
          "the supervisor " + caller.agentId() + " has no verified identity: " + e.getMessage()), agentId);
    }
    if (block == null || !block.maySpawn(agentId)) {
      Decision deny = Decision.deny(ReasonCodes.SPAWN_NOT_ALLOWED, "agent " + caller.agentId() + " may not spawn "
          + agentId + (block == null ? " (no agent block)" : "; its spawn { allow } is " + block.spawnAllow()));
      Mode mode = decisions == null ? Mode.ENFORCE : decisions.mode();
      if (mode == Mode.ENFORCE) {
        return refuse(action, supervisor, deny, agentId);
      }
      Decision shadow = new Decision(Effect.SHADOW_PERMIT, Effect.DENY, "", null, ReasonCodes.SPAWN_NOT_ALLOWED,
          deny.reason() + " (" + mode.id() + " mode lets it through)", null, 0, List.of());
      Object recorded = record(action, supervisor, shadow, agentId);
      if (recorded != null) {
        return recorded;
      }
    }
    Principal attested;
    try {
      attested = principal(worker);
    } catch (IdentityException e) {
      List<String> chain = new ArrayList<>(supervisor.delegatedFrom());
      chain.add(supervisor.id());
      Principal none = unattested(agentId).toBuilder().delegatedFrom(chain).build();
      return refuse(action, none, Decision.deny(e.reasonCode(), "agent " + agentId + " could not be attested: "
          + e.getMessage()), agentId);
    }
    String failed = prepare();
    if (failed != null) {
      return refuse(action, attested, Decision.deny(ReasonCodes.INTERNAL_ERROR, "agent " + agentId + " cannot be "
          + "spawned: the work it hands to other threads could not be bound to it (" + failed + ")"), agentId);
    }
    Object recorded = record(action, attested, new Decision(Effect.PERMIT, Effect.PERMIT, "", null,
        ReasonCodes.SPAWN_ALLOWED, "agent " + caller.agentId() + " spawned " + agentId + ", attested as "
        + attested.id() + crossing(supervisor.id(), attested.id()), null, 0, List.of()), agentId);
    if (recorded != null) {
      return recorded;
    }
    spawned = true;
    return worker;
  }

  /**
   * A process the acting agent launches that will run as agent {@code workerId}
   * ({@link WorkerLaunch}): a spawn like {@link #attach}, allowed only by the acting agent's
   * {@code spawn { allow }} and recorded as an {@code agent/spawn} DPR of the acting agent (the
   * worker is attested by its own process, not here). An allowed launch gets a delegation token
   * bound to {@code arguments} (the worker JVM's command line after the program; {@code null}
   * when the command line is not the worker JVM's own, and then no token is made), signed with the
   * acting agent's SVID key; an identity without a key passes none. Launching the acting agent
   * itself (a replica) is no spawn.
   */
  public ProcessSpawn launch(String workerId, String program, List<String> arguments) {
    Binding caller = caller();
    if (workerId.equals(caller.agentId())) {
      return ProcessSpawn.allowed(null);
    }
    Action action = Action.tool("agent/spawn", Map.of("agent", workerId, "process", program), "process");
    Principal supervisor;
    try {
      supervisor = principal(caller);
    } catch (IdentityException e) {
      return ProcessSpawn.refused(recordVerdict(action, unattested(caller.agentId()), Decision.deny(e.reasonCode(),
          "the supervisor " + caller.agentId() + " has no verified identity: " + e.getMessage())));
    }
    AgentPolicy block = policy.agent(caller.agentId());
    String note = "";
    if (block == null || !block.maySpawn(workerId)) {
      Decision deny = Decision.deny(ReasonCodes.SPAWN_NOT_ALLOWED, "agent " + caller.agentId() + " may not launch "
          + "worker process " + workerId + (block == null ? " (no agent block)" : "; its spawn { allow } is "
          + block.spawnAllow()));
      Mode mode = decisions == null ? Mode.ENFORCE : decisions.mode();
      if (mode == Mode.ENFORCE) {
        return ProcessSpawn.refused(recordVerdict(action, supervisor, deny));
      }
      note = "; " + deny.reason() + " (" + mode.id() + " mode lets it through)";
    }
    String token = null;
    String how;
    if (arguments == null) {
      how = "no delegation token: the command line is not the worker JVM's own";
    } else {
      try {
        DelegationKey key = source(caller.agentId()).provider().delegationKey(caller.agentId());
        if (key == null) {
          how = "no delegation token: identity type " + source(caller.agentId()).provider().type()
              + " holds no signing key";
        } else {
          java.time.Instant now = clock.instant();
          token = DelegationToken.sign(key, new Delegation(supervisor.id(), workerId, supervisor.delegatedFrom(),
              domain(supervisor.id()), now, now.plus(DelegationToken.MAX_LIFETIME), java.util.UUID.randomUUID()
              .toString(), DelegationToken.commandHash(arguments), key.dev()));
          how = "delegation token passed" + (key.dev() ? " (dev)" : "");
        }
      } catch (IdentityException e) {
        return ProcessSpawn.refused(recordVerdict(action, supervisor, Decision.deny(e.reasonCode(),
            "no delegation token could be made for worker process " + workerId + ": " + e.getMessage())));
      }
    }
    Map<String, String> budget = Map.of();
    if (token != null && block != null && block.delegatesTo(workerId) && !block.inheritedBudgets().isEmpty()) {
      try {
        budget = grant(caller, workerId, block);
        how += "; inherited budgets " + block.inheritedBudgets().stream().map(b -> b.name()).toList()
            + " served to it";
      } catch (IOException e) {
        // without the endpoint the worker would spend its own budgets only: refuse instead
        return ProcessSpawn.refused(recordVerdict(action, supervisor, Decision.deny(ReasonCodes.INTERNAL_ERROR,
            "worker process " + workerId + " inherits budgets, but the budget endpoint could not be opened: "
            + e.getMessage())));
      }
    }
    Decision permit = new Decision(note.isEmpty() ? Effect.PERMIT : Effect.SHADOW_PERMIT,
        note.isEmpty() ? Effect.PERMIT : Effect.DENY, "", null,
        note.isEmpty() ? ReasonCodes.SPAWN_ALLOWED : ReasonCodes.SPAWN_NOT_ALLOWED,
        "agent " + caller.agentId() + " launched worker process " + workerId + " (" + program + "); " + how + note,
        null, 0, List.of());
    Verdict v = recordVerdict(action, supervisor, permit);
    return v.allowed() ? ProcessSpawn.allowed(token, budget) : ProcessSpawn.refused(v);
  }

  /**
   * Opens a grant on this process's budget endpoint (started at the first launch that needs one)
   * for worker process {@code workerId}: it may charge the budgets {@code block} lets it inherit,
   * to the identity {@code caller} has at each charge. Returns the worker's environment entries.
   */
  private Map<String, String> grant(Binding caller, String workerId, AgentPolicy block) throws IOException {
    BudgetEndpoint endpoint;
    synchronized (this) {
      if (budgetEndpoint == null) {
        budgetEndpoint = BudgetEndpoint.start(Path.of(System.getProperty("java.io.tmpdir")), clock);
      }
      endpoint = budgetEndpoint;
    }
    Map<String, dev.faramesh.policy.engine.Budget> budgets = new java.util.LinkedHashMap<>();
    for (dev.faramesh.policy.engine.Budget b : block.inheritedBudgets()) {
      budgets.put(b.name(), b);
    }
    BudgetEndpoint.Ticket ticket = endpoint.open(new BudgetEndpoint.Grant(workerId, caller.agentId(),
        budgets, () -> principal(caller).id()));
    return Map.of(RemoteBudget.SOCKET, ticket.socket().toString(), RemoteBudget.SECRET, ticket.secret(),
        RemoteBudget.SUPERVISOR, caller.agentId());
  }

  private Verdict recordVerdict(Action action, Principal principal, Decision decision) {
    DecisionPoint d = decisions;
    if (d == null) {
      return Verdict.unrecorded(action.toolId(), Decision.deny(ReasonCodes.INTERNAL_ERROR,
          "the faramesh agent is not started"));
    }
    return d.record(action, principal, decision);
  }

  /** Runs the preparation once; {@code null} when it is done, else why it failed (every later spawn fails too). */
  private synchronized String prepare() {
    if (preparation != null) {
      try {
        preparation.run();
      } catch (Exception | LinkageError e) {
        unprepared = String.valueOf(e.getMessage());
      }
      preparation = null;
    }
    return unprepared;
  }

  /** Marks a delegation that crosses trust domains (the worker's SVID is from a federated domain). */
  private static String crossing(String from, String to) {
    String a = domain(from);
    String b = domain(to);
    return a != null && b != null && !a.equals(b) ? "; cross-domain delegation " + a + " -> " + b : "";
  }

  private static String domain(String spiffeId) {
    if (!spiffeId.startsWith("spiffe://")) {
      return null;
    }
    int slash = spiffeId.indexOf('/', "spiffe://".length());
    return slash < 0 ? spiffeId.substring(9) : spiffeId.substring(9, slash);
  }

  private Object refuse(Action action, Principal principal, Decision deny, String agentId) {
    Object recorded = record(action, principal, deny, agentId);
    return recorded != null ? recorded : new FarameshDeniedException(action.toolId(), agentId, "", "",
        deny.reasonCode(), deny.reason());
  }

  /** Records the decision; {@code null} when it lets the spawn go on, else the denial to throw. */
  private Object record(Action action, Principal principal, Decision decision, String agentId) {
    DecisionPoint d = decisions;
    if (d == null) {
      return new FarameshDeniedException(action.toolId(), agentId, "", "", ReasonCodes.INTERNAL_ERROR,
          "the faramesh agent is not started");
    }
    Verdict v = d.record(action, principal, decision);
    return v.allowed() ? null : v.denial(agentId);
  }

  private static Principal unattested(String agentId) {
    return Principal.builder(agentId, "unattested").svid("").build();
  }

  /** The principal source of a label: its own identity block's provider, else the JVM's. */
  private PrincipalSource source(String agentId) throws IdentityException {
    PrincipalSource s = sources.get(agentId);
    if (s != null) {
      return s;
    }
    synchronized (this) {
      s = sources.get(agentId);
      if (s == null) {
        IdentitySelection selection = IdentitySelection.select(policy, agentId, null, null, false);
        AgentPolicy block = policy.agent(agentId);
        IdentityProvider provider = block != null && block.identity() != null
            ? provider(selection) : primary.provider();
        s = new PrincipalSource(provider, agentId, clock);
        sources.put(agentId, s);
      }
      return s;
    }
  }

  private IdentityProvider provider(IdentitySelection selection) throws IdentityException {
    String name = selection.block() == null ? "" : selection.block().name();
    IdentityProvider p = providersByBlock.get(name);
    if (p != null) {
      return p;
    }
    p = providers.forType(selection.type());
    if (p == null) {
      throw IdentityException.misconfigured(selection.why() + ": this build cannot attest with type "
          + selection.type());
    }
    p.configure(new IdentityContext(selection.block(), policy.runtime(), environment, workingDirectory,
        policy.federations(), clock));
    providersByBlock.put(name, p);
    return p;
  }

  /** Binds the thread to {@code handle}'s worker; anything but a worker's handle means the JVM's agent. */
  @Override
  public Object enter(Object handle) {
    Binding previous = bound.get();
    if (handle instanceof Binding b && !(b.supervisor() == null && b.agentId().equals(primary.currentAgentId()))) {
      bound.set(b);
    } else {
      bound.set(ROOT);
    }
    return previous;
  }

  @Override
  public void exit(Object previous) {
    if (previous instanceof Binding b) {
      bound.set(b);
    } else {
      bound.remove();
    }
  }
}
