package dev.faramesh.agent.identity.delegation;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.delegation.Delegation;
import dev.faramesh.identity.delegation.DelegationCheck;
import dev.faramesh.identity.delegation.DelegationToken;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The delegation this process was started with: the supervisor's token from
 * {@code FARAMESH_DELEGATION}, verified at start-up against this process's own identity provider,
 * its agent id and its own command line (the argv the kernel holds, {@link #ownArguments}). A valid token puts the supervisor and
 * the chain above it into every principal of this process's agent as {@code delegated_from}; a
 * token that does not verify makes every decision deny with its reason code (fail closed), for
 * the life of the process. Only when the provider had no trust bundle yet is the verification
 * tried again, at most once a second, until it gives a verdict (the token expires within 60 s).
 * Without a token, nothing changes.
 */
public final class IncomingDelegation {

  private static final IncomingDelegation NONE = new IncomingDelegation(null, null, null);
  private static final long RETRY_NANOS = 1_000_000_000L;

  /** Verifies the token again; {@code null} once a verdict is in (the token is then not kept). */
  private volatile Verification pending;
  private volatile Delegation delegation;
  private volatile IdentityException failure;
  private long retryAt = System.nanoTime() + RETRY_NANOS;
  /** Told the supervisor's identity once verified, before any principal carries it as supervisor. */
  private volatile Consumer<String> budgetRegistrar;
  /** The supervisor's agent id whose inherited budgets this process charges remotely, or {@code null}. */
  private volatile String budgetSupervisor;

  /** One verification of the token, at the time it runs. */
  private interface Verification {
    Delegation run() throws IdentityException;
  }

  private IncomingDelegation(Delegation delegation, IdentityException failure, Verification pending) {
    this.delegation = delegation;
    this.failure = failure;
    this.pending = pending;
  }

  /** Reads and verifies the token in {@code environment}, if any, for agent {@code agentId}. */
  public static IncomingDelegation read(Map<String, String> environment, String agentId, IdentityProvider provider,
      Clock clock) {
    String token = environment.get(DelegationToken.VARIABLE);
    if (token == null) {
      return NONE;
    }
    List<String> arguments = ownArguments();
    if (arguments == null) {
      return new IncomingDelegation(null, IdentityException.of(ReasonCodes.DELEGATION_TOKEN_INVALID,
          "the delegation token cannot be checked: this process's command line is not readable"), null);
    }
    String hash = DelegationToken.commandHash(arguments);
    Verification verification = () -> DelegationToken.verify(token, new DelegationCheck(agentId, hash,
        clock.instant(), provider.delegationTrust(), !provider.attests()));
    IncomingDelegation incoming = new IncomingDelegation(null, null, verification);
    incoming.verify();
    return incoming;
  }

  /**
   * This process's arguments after the program: {@code /proc/self/cmdline} read in full on Linux,
   * because {@code ProcessHandle.Info.arguments()} reads only its first 4 KB there and is empty for
   * a longer command line (JDK 17 and 25, a long class path is enough); elsewhere
   * {@code ProcessHandle}. {@code null} when neither is readable.
   */
  public static List<String> ownArguments() {
    Path cmdline = Path.of("/proc/self/cmdline");
    if (Files.isReadable(cmdline)) {
      try {
        String all = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
        List<String> argv = List.of(all.split("\0", -1));
        return argv.size() < 2 ? null : argv.subList(1, argv.size());
      } catch (IOException | RuntimeException e) {
        // fall back to what the JDK reports
      }
    }
    Optional<String[]> arguments = ProcessHandle.current().info().arguments();
    return arguments.map(List::of).orElse(null);
  }

  /**
   * This process charges the budgets its supervisor (agent {@code supervisorAgentId}) lets it
   * inherit, in the supervisor's process: once the token verifies, {@code register} is told the
   * supervisor's identity (so the engine routes those budgets to the supervisor's endpoint) and
   * every principal carries the supervisor. Without a verified token nothing is inherited.
   */
  public synchronized void inheritFrom(String supervisorAgentId, Consumer<String> register) {
    budgetRegistrar = register;
    Delegation d = delegation;
    if (d != null) {
      register.accept(d.issuer());
    }
    budgetSupervisor = supervisorAgentId;
  }

  private void verify() {
    try {
      Delegation verified = pending.run();
      Consumer<String> register = budgetRegistrar;
      if (register != null) {
        register.accept(verified.issuer());
      }
      delegation = verified;
      failure = null;
      pending = null;
    } catch (IdentityException e) {
      failure = e;
      if (!ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE.equals(e.reasonCode())) {
        pending = null;
      }
    } catch (RuntimeException e) {
      failure = IdentityException.of(ReasonCodes.DELEGATION_TOKEN_INVALID,
          "the delegation token could not be verified: " + e.getClass().getSimpleName());
      pending = null;
    }
  }

  /** No delegation: the process was not started as a worker. */
  public static IncomingDelegation none() {
    return NONE;
  }

  /**
   * The principal this process's agent acts as: {@code own} carrying the delegation chain; throws
   * with the token's reason code when the token did not verify, and {@code IDENTITY_NOT_DISTINCT}
   * when the worker attested as its own supervisor.
   */
  public Principal apply(Principal own) throws IdentityException {
    IdentityException f = failure;
    if (f != null) {
      f = retry();
      if (f != null) {
        throw f;
      }
    }
    Delegation d = delegation;
    if (d == null) {
      return own;
    }
    if (!own.dev() && own.id().equals(d.issuer())) {
      throw IdentityException.of(ReasonCodes.IDENTITY_NOT_DISTINCT, "agent " + own.agentId() + " attested as "
          + own.id() + ", the identity of the supervisor that launched it: a worker needs its own");
    }
    String label = budgetSupervisor;
    Principal.Builder b = own.toBuilder().delegatedFrom(d.chain());
    if (label != null) {
      // the supervisor in its own process: the engine charges its inherited budgets through its endpoint
      b.supervisor(Principal.builder(label, d.issuer()).svid(d.issuer()).verified(true).dev(d.dev())
          .delegatedFrom(d.delegatedFrom()).build());
    }
    return b.build();
  }

  private synchronized IdentityException retry() {
    if (pending != null && System.nanoTime() - retryAt >= 0) {
      retryAt = System.nanoTime() + RETRY_NANOS;
      verify();
    }
    return failure;
  }

  /** The verified delegation, or {@code null}. */
  public Delegation delegation() {
    return delegation;
  }

  /** Why the token was refused (or could not be checked yet), or {@code null}. */
  public IdentityException failure() {
    return failure;
  }

  /** One line for stderr at start-up, {@code null} without a token; never the token. */
  public String describe(String agentId) {
    IdentityException f = failure;
    if (f != null) {
      return "the delegation token this process was started with is refused (" + f.reasonCode() + "): "
          + f.getMessage() + "; every action of agent " + agentId + " is denied with " + f.reasonCode()
          + (pending != null ? " until it can be verified" : "");
    }
    Delegation d = delegation;
    return d == null ? null : "agent " + agentId + " runs as a worker delegated by " + d.issuer()
        + (d.dev() ? " (dev token)" : "");
  }
}
