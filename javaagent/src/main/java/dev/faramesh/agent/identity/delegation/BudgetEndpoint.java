package dev.faramesh.agent.identity.delegation;

import dev.faramesh.broker.launcher.LineChannel;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.policy.engine.Budget;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * A supervisor's budget endpoint for the worker processes it launched: one Unix domain socket in
 * an owner-only directory of its own, serving only peers of the same OS user, on which each
 * launch that inherits budgets ({@code delegate { to inherits }}) gets a {@link Grant} under a
 * per-launch random secret. A worker's charge ({@link BudgetWire}) is granted only with that
 * secret, only for the worker it was opened for, only for budgets that worker inherits; it is
 * reserved in the supervisor's own ledger, against the supervisor's identity current at the
 * charge, exactly as an in-process worker's spending, all or nothing.
 */
public final class BudgetEndpoint implements AutoCloseable {

  /** The supervisor's current principal id, the owner of the ledger a grant charges. */
  public interface Owner {
    String id() throws IdentityException;
  }

  /** What one launch may charge: its worker, the supervisor's agent id and the inherited budgets by name. */
  public record Grant(String worker, String supervisor, Map<String, Budget> budgets, Owner owner) {}

  /** What the launched worker is told: where the endpoint is and its secret (never logged). */
  public record Ticket(Path socket, String secret) {
    @Override
    public String toString() {
      return "Ticket[" + socket + "]";
    }
  }

  static final String SOCKET_FILE = "budget.sock";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_GRANTS = 4096;

  private final ServerSocketChannel server;
  private final Path directory;
  private final Path socket;
  private final Clock clock;
  private final UserPrincipal user;
  private final SecureRandom random = new SecureRandom();
  /** SHA-256 of a secret (hex) to its grant: the lookup itself reveals nothing of the secret. */
  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private BudgetEndpoint(ServerSocketChannel server, Path directory, Path socket, Clock clock, UserPrincipal user) {
    this.server = server;
    this.directory = directory;
    this.socket = socket;
    this.clock = clock;
    this.user = user;
  }

  /** Binds a socket in a new owner-only directory under {@code parent} and starts serving. */
  public static BudgetEndpoint start(Path parent, Clock clock) throws IOException {
    Path directory = Files.createTempDirectory(parent, "faramesh-budget-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path socket = directory.resolve(SOCKET_FILE);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      server.close();
      Files.deleteIfExists(directory);
      throw e;
    }
    UserPrincipal user = Files.getOwner(directory);
    BudgetEndpoint endpoint = new BudgetEndpoint(server, directory, socket, clock, user);
    Thread acceptor = new Thread(endpoint::accept, "faramesh-budget-endpoint");
    acceptor.setDaemon(true);
    acceptor.start();
    Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close, "faramesh-budget-endpoint-cleanup"));
    return endpoint;
  }

  public Path socket() {
    return socket;
  }

  /** Opens a grant for one launch; the ticket goes into that worker's environment only. */
  public Ticket open(Grant grant) throws IOException {
    if (closed) {
      throw new IOException("the budget endpoint is closed");
    }
    if (grants.size() >= MAX_GRANTS) {
      throw new IOException("too many worker processes hold a budget grant (" + MAX_GRANTS + ")");
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    grants.put(digest(secret), grant);
    return new Ticket(socket, secret);
  }

  private void accept() {
    while (!closed) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        return;
      }
      Thread t = new Thread(() -> serve(ch), "faramesh-budget-connection");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(SocketChannel ch) {
    try (LineChannel c = new LineChannel(ch, TIMEOUT)) {
      if (!user.equals(peer(ch))) {
        return;
      }
      while (!closed) {
        String line;
        try {
          line = c.read();
        } catch (EOFException | SocketTimeoutException e) {
          return;
        }
        c.write(answer(line));
      }
    } catch (IOException | RuntimeException e) {
      // a broken or misbehaving connection ends; the worker denies what it could not charge
    }
  }

  private static UserPrincipal peer(SocketChannel ch) {
    try {
      UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
      return p == null ? null : p.user();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  /** The answer to one request line: granted, or refused with a reason code. */
  String answer(String line) {
    BudgetWire.Charge charge;
    try {
      charge = BudgetWire.readCharge(line);
    } catch (BudgetWire.MalformedException e) {
      return BudgetWire.refused(ReasonCodes.BUDGET_ENDPOINT_REFUSED, null, "malformed charge: " + e.getMessage(),
          Map.of());
    }
    Grant grant = grants.get(digest(charge.secret()));
    if (grant == null) {
      return BudgetWire.refused(ReasonCodes.BUDGET_ENDPOINT_REFUSED, null, "no grant for this secret", Map.of());
    }
    if (!grant.worker().equals(charge.worker())) {
      return BudgetWire.refused(ReasonCodes.BUDGET_ENDPOINT_REFUSED, null, "this grant is for agent "
          + grant.worker() + ", not " + charge.worker(), Map.of());
    }
    List<Budget> budgets = new ArrayList<>();
    for (String name : charge.amounts().keySet()) {
      Budget b = grant.budgets().get(name);
      if (b == null) {
        return BudgetWire.refused(ReasonCodes.BUDGET_ENDPOINT_REFUSED, name, "agent " + grant.supervisor()
            + " does not let " + grant.worker() + " spend budget " + name, Map.of());
      }
      budgets.add(b);
    }
    String owner;
    try {
      owner = grant.owner().id();
    } catch (IdentityException e) {
      return BudgetWire.refused(e.reasonCode(), null, "the supervisor " + grant.supervisor()
          + " has no verified identity: " + e.getMessage(), Map.of());
    }
    long now = clock.millis();
    List<Double> amounts = new ArrayList<>(charge.amounts().values());
    for (int k = 0; k < budgets.size(); k++) {
      String failure = budgets.get(k).tryReserve(owner, amounts.get(k), now);
      if (failure != null) {
        for (int j = 0; j < k; j++) {
          budgets.get(j).release(owner, amounts.get(j));
        }
        return BudgetWire.refused(failure, budgets.get(k).name(), "budget exceeded: " + budgets.get(k).describe()
            + " (inherited from the supervisor " + grant.supervisor() + ")", remaining(budgets, owner, now));
      }
    }
    return BudgetWire.granted(remaining(budgets, owner, now));
  }

  private static Map<String, Double> remaining(List<Budget> budgets, String owner, long now) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Budget b : budgets) {
      double left = b.remaining(owner, now);
      if (!Double.isInfinite(left)) {
        out.put(b.name(), left);
      }
    }
    return out;
  }

  private static String digest(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    grants.clear();
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    try {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(directory);
    } catch (IOException ignored) {
      // a temporary directory left behind holds nothing secret
    }
  }
}
