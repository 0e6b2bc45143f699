package dev.faramesh.agent.identity.delegation;

import dev.faramesh.broker.launcher.LineChannel;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.policy.engine.Budget;
import dev.faramesh.policy.engine.BudgetLedger;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A worker process's way to its supervisor's inherited budgets: each charge is sent, synchronously
 * and with a short timeout, to the supervisor's {@link BudgetEndpoint} named in the environment the
 * supervisor's agent gave this process ({@value #SOCKET}, {@value #SECRET}, {@value #SUPERVISOR},
 * hidden from the application). An endpoint that cannot be reached, answers late or answers
 * something malformed is {@code BUDGET_ENDPOINT_UNAVAILABLE}; a refusal carries the endpoint's
 * code. Nothing is ever charged locally instead.
 */
public final class RemoteBudget implements BudgetLedger {

  public static final String SOCKET = "FARAMESH_BUDGET_SOCKET";
  public static final String SECRET = "FARAMESH_BUDGET_SECRET";
  public static final String SUPERVISOR = "FARAMESH_BUDGET_SUPERVISOR";
  /** The variables that carry a grant: for the agent only, never the application or its children. */
  public static final Set<String> VARIABLES = Set.of(SOCKET, SECRET, SUPERVISOR);

  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Path socket;
  private final String secret;
  private final String worker;
  private final String supervisor;
  private final Duration timeout;

  RemoteBudget(Path socket, String secret, String worker, String supervisor, Duration timeout) {
    this.socket = socket;
    this.secret = secret;
    this.worker = worker;
    this.supervisor = supervisor;
    this.timeout = timeout;
  }

  /** The grant in {@code environment} for agent {@code worker}, or {@code null} when there is none. */
  public static RemoteBudget from(Map<String, String> environment, String worker) {
    String socket = environment.get(SOCKET);
    String secret = environment.get(SECRET);
    String supervisor = environment.get(SUPERVISOR);
    if (socket == null || secret == null || supervisor == null || socket.isEmpty() || supervisor.isEmpty()) {
      return null;
    }
    return new RemoteBudget(Path.of(socket), secret, worker, supervisor, TIMEOUT);
  }

  /** The supervisor's agent id, whose {@code delegate { inherits }} names what this process charges. */
  public String supervisor() {
    return supervisor;
  }

  @Override
  public Refusal charge(List<Budget> budgets, double[] amounts) {
    Map<String, Double> charges = new LinkedHashMap<>();
    for (int k = 0; k < budgets.size(); k++) {
      charges.merge(budgets.get(k).name(), amounts[k], Double::sum);
    }
    String line;
    try (LineChannel c = connect()) {
      c.write(BudgetWire.charge(secret, worker, charges));
      line = c.read();
    } catch (IOException e) {
      return new Refusal(ReasonCodes.BUDGET_ENDPOINT_UNAVAILABLE, "the budget endpoint of the supervisor "
          + supervisor + " cannot be reached (" + e.getClass().getSimpleName() + "): its inherited budgets "
          + names(budgets) + " cannot be charged");
    }
    BudgetWire.Answer answer;
    try {
      answer = BudgetWire.readAnswer(line);
    } catch (BudgetWire.MalformedException e) {
      return new Refusal(ReasonCodes.BUDGET_ENDPOINT_UNAVAILABLE, "the budget endpoint of the supervisor "
          + supervisor + " answered something malformed: " + e.getMessage());
    }
    if (answer.ok()) {
      return null;
    }
    Budget failed = null;
    for (Budget b : budgets) {
      if (b.name().equals(answer.budget())) {
        failed = b;
      }
    }
    boolean exceeded = ReasonCodes.BUDGET_DAILY_EXCEEDED.equals(answer.code())
        || ReasonCodes.BUDGET_SESSION_EXCEEDED.equals(answer.code())
        || ReasonCodes.SESSION_TOOL_LIMIT.equals(answer.code());
    String message = exceeded && failed != null
        ? "budget exceeded: " + failed.describe() + " (inherited from the supervisor " + supervisor
            + ", kept by its process" + left(answer, failed) + ")"
        : "the budget endpoint of the supervisor " + supervisor + " refused the charge: " + answer.message();
    return new Refusal(answer.code(), message);
  }

  private static String left(BudgetWire.Answer answer, Budget b) {
    Double left = answer.remaining().get(b.name());
    return left == null ? "" : "; $" + left + " left";
  }

  private static String names(List<Budget> budgets) {
    StringBuilder sb = new StringBuilder();
    for (Budget b : budgets) {
      sb.append(sb.length() == 0 ? "" : ", ").append(b.name());
    }
    return sb.toString();
  }

  private LineChannel connect() throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(UnixDomainSocketAddress.of(socket));
      return new LineChannel(ch, timeout);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    // never the secret
    return "RemoteBudget[" + worker + " -> " + supervisor + "]";
  }
}
