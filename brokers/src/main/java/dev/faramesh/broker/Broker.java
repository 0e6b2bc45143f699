package dev.faramesh.broker;

import dev.faramesh.policy.Action;
import dev.faramesh.policy.CredentialBinding;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The credential broker. It knows the credential bindings (from the policy and the registry), gives
 * each a placeholder for this run, maps environment variables to bindings, and issues a
 * {@link Lease} per permitted call: a static value comes from a cache that never keeps it longer than
 * the binding's TTL (one backend fetch per miss, however many callers wait), a dynamic one is fetched
 * per call and its backend lease revoked when the call ends or the TTL runs out. A backend that fails
 * makes only its own credentials unavailable, with a {@link Failure} for the DPR, and is backed off
 * from after an outage instead of being retried by every caller. It also rotates, checks backend
 * health, and remembers every raw value it has seen so that {@link #concealment()} can turn them back
 * into placeholders wherever they must not appear. Thread-safe.
 */
public final class Broker implements AutoCloseable {

  /** Shorter values are not concealed by value: they would match ordinary text. */
  private static final int MIN_CONCEALED_LENGTH = 8;

  private final Map<String, CredentialBinding> byName = new LinkedHashMap<>();
  private final Map<String, CredentialBinding> byVariable = new LinkedHashMap<>();
  private final Map<String, String> placeholderByName = new LinkedHashMap<>();
  private final Map<String, CredentialBinding> byPlaceholder = new LinkedHashMap<>();
  private final Map<String, String> concealment = new ConcurrentHashMap<>();
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final Map<String, BackendBreaker> breakers = new ConcurrentHashMap<>();
  private final BackendRegistry backends;
  private final Clock clock;
  private final ThreadFactory threads;
  private final RotationNotices rotations;
  private final LeaseKeeper keeper;
  private final Lease.Backing backing = new DynamicBacking();
  /** Set only for a {@link #delegating} broker: who issues values instead of the backends. */
  private final CredentialIssuer issuer;

  /** Per credential: the cached static value and the lock that lets one caller fetch it. */
  private static final class Slot {
    volatile Cached cached;
    volatile boolean dynamic;
  }

  private record Cached(Secret secret, Instant expires) {}

  private Broker(Builder b) {
    this.backends = b.backends;
    this.clock = b.clock;
    this.threads = b.threads;
    this.rotations = b.rotations;
    this.issuer = b.issuer;
    this.keeper = new LeaseKeeper(clock, threads, this::revokeAtBackend);
  }

  /**
   * A broker for {@code bindings}. {@code capturedEnvironment} is the raw process environment as
   * captured at premain: it shapes the placeholders and seeds the values to conceal.
   */
  public static Broker start(List<CredentialBinding> bindings, BackendRegistry backends,
      Map<String, String> capturedEnvironment, SecureRandom random, Clock clock) {
    return builder().bindings(bindings).backends(backends).environment(capturedEnvironment).random(random).clock(clock)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  private void bind(List<CredentialBinding> bindings, Map<String, String> capturedEnvironment, SecureRandom random) {
    Placeholders placeholders = new Placeholders(random);
    for (CredentialBinding b : bindings) {
      if (byName.putIfAbsent(b.name(), b) != null) {
        continue;
      }
      String sample = sampleValue(b, capturedEnvironment);
      String placeholder = placeholders.create(sample);
      placeholderByName.put(b.name(), placeholder);
      byPlaceholder.put(placeholder, b);
      slots.put(b.name(), new Slot());
      for (String variable : b.env()) {
        byVariable.putIfAbsent(variable, b);
        remember(capturedEnvironment.get(variable), placeholder);
      }
      if ("env".equals(b.backend())) {
        remember(capturedEnvironment.get(b.path()), placeholder);
      }
    }
  }

  private static String sampleValue(CredentialBinding b, Map<String, String> env) {
    if ("env".equals(b.backend()) && env.get(b.path()) != null) {
      return env.get(b.path());
    }
    for (String variable : b.env()) {
      if (env.get(variable) != null) {
        return env.get(variable);
      }
    }
    return null;
  }

  private void remember(String raw, String placeholder) {
    if (raw != null && raw.length() >= MIN_CONCEALED_LENGTH && !raw.equals(placeholder)) {
      concealment.put(raw, placeholder);
    }
  }

  public List<CredentialBinding> bindings() {
    return List.copyOf(byName.values());
  }

  public CredentialBinding binding(String name) {
    return byName.get(name);
  }

  /** The binding whose credential the application reads from {@code variable}, or {@code null}. */
  public CredentialBinding bindingForVariable(String variable) {
    return byVariable.get(variable);
  }

  /** Every environment variable that holds a placeholder for the application. */
  public List<String> brokeredVariables() {
    return List.copyOf(byVariable.keySet());
  }

  /** This run's placeholder for the named credential, or {@code null} for an unknown name. */
  public String placeholder(String credential) {
    return placeholderByName.get(credential);
  }

  /** Every placeholder of this run. */
  public List<String> placeholders() {
    return List.copyOf(byPlaceholder.keySet());
  }

  /** The binding a placeholder stands for, or {@code null}. */
  public CredentialBinding bindingForPlaceholder(String placeholder) {
    return byPlaceholder.get(placeholder);
  }

  /** The bindings whose placeholders occur in {@code text} (also inside Basic credentials). */
  public List<CredentialBinding> bindingsIn(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<CredentialBinding> found = new ArrayList<>(2);
    for (Map.Entry<String, CredentialBinding> e : byPlaceholder.entrySet()) {
      if (CredentialText.containsAny(text, List.of(e.getKey()))) {
        found.add(e.getValue());
      }
    }
    return found;
  }

  public BackendRegistry backends() {
    return backends;
  }

  /**
   * Issues the credential of {@code binding} for one permitted call, valid for the binding's TTL.
   * Call only after the policy permitted the call, and close the lease when the call is over.
   */
  public Lease lease(CredentialBinding binding) throws CredentialUnavailableException {
    pollRotations();
    Slot slot = slots.computeIfAbsent(binding.name(), n -> new Slot());
    Instant now = clock.instant();
    if (!slot.dynamic) {
      Cached c = slot.cached;
      if (c != null && now.isBefore(c.expires)) {
        return new Lease(binding.name(), c.secret, now.plus(binding.ttl()), clock);
      }
      synchronized (slot) {
        now = clock.instant();
        c = slot.cached;
        if (c != null && now.isBefore(c.expires)) {
          return new Lease(binding.name(), c.secret, now.plus(binding.ttl()), clock);
        }
        if (!slot.dynamic) {
          Secret secret = fetch(binding);
          if (!secret.leased()) {
            slot.cached = new Cached(secret, now.plus(binding.ttl()));
            remember(secret.reveal(), placeholderByName.get(binding.name()));
            return new Lease(binding.name(), secret, now.plus(binding.ttl()), clock);
          }
          slot.dynamic = true;
          return issueDynamic(binding, secret, now);
        }
      }
    }
    keeper.reapExpired();
    return issueDynamic(binding, fetch(binding), clock.instant());
  }

  private Lease issueDynamic(CredentialBinding binding, Secret secret, Instant now) {
    Instant limit = now.plus(binding.ttl());
    Instant expires = limit;
    if (secret.leaseDuration() != null && !secret.leaseDuration().isZero()) {
      Instant backendEnd = now.plus(secret.leaseDuration());
      expires = backendEnd.isBefore(limit) ? backendEnd : limit;
    }
    Lease lease = new Lease(binding.name(), secret, now, expires, limit, clock, backing);
    remember(secret.reveal(), placeholderByName.get(binding.name()));
    keeper.track(lease);
    return lease;
  }

  /** Revokes backend leases whose TTL ran out; runs on its own on a timer and before dynamic leases. */
  public void reapExpired() {
    keeper.reapExpired();
  }

  /** How many dynamic leases are issued and not yet ended. */
  public int outstandingLeases() {
    return keeper.outstanding();
  }

  private Secret fetch(CredentialBinding binding) throws CredentialUnavailableException {
    try {
      CredentialBackend backend = backends.backend(binding.backend());
      BackendBreaker breaker = breaker(binding.backend());
      breaker.admit();
      try {
        Secret s = call(backend, () -> backend.fetch(binding));
        breaker.succeeded();
        return s;
      } catch (BackendException e) {
        breaker.failed(e.failure(), e.getMessage());
        throw e;
      }
    } catch (BackendException e) {
      throw unavailable(binding.name(), e);
    }
  }

  private CredentialUnavailableException unavailable(String name, BackendException e) {
    String message = CredentialText.replace("credential \"" + name + "\" is unavailable: " + e.getMessage(),
        concealment);
    return new CredentialUnavailableException(name, e.failure(), message, e);
  }

  private BackendBreaker breaker(String type) {
    return breakers.computeIfAbsent(type, t -> new BackendBreaker(t, clock));
  }

  /** A backend call with the backend's own class loader as context loader; SDK crashes become outages. */
  private <T> T call(CredentialBackend backend, BackendCall<T> c) throws BackendException {
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    t.setContextClassLoader(backend.getClass().getClassLoader());
    try {
      return c.run();
    } catch (RuntimeException | LinkageError e) {
      throw new BackendException(Failure.BACKEND_UNAVAILABLE, backend.type() + " backend failed: "
          + e.getClass().getName(), e);
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  @FunctionalInterface
  private interface BackendCall<T> {
    T run() throws BackendException;
  }

  private void revokeAtBackend(Lease lease) {
    keeper.forget(lease);
    concealment.remove(lease.secret().reveal());
    CredentialBinding b = byName.get(lease.credential());
    try {
      CredentialBackend backend = backends.backend(b.backend());
      call(backend, () -> {
        backend.revoke(lease.secret());
        return null;
      });
    } catch (BackendException e) {
      // The backend's own lease TTL still bounds the credential; nothing else to do.
      failedRevocations.incrementAndGet();
    }
  }

  private final java.util.concurrent.atomic.AtomicInteger failedRevocations = new java.util.concurrent.atomic.AtomicInteger();

  /** Backend revocations that failed (the backend's own TTL then ends the lease). */
  public int failedRevocations() {
    return failedRevocations.get();
  }

  private final class DynamicBacking implements Lease.Backing {
    @Override
    public void release(Lease lease) {
      revokeAtBackend(lease);
    }

    @Override
    public Duration renew(Lease lease, Duration increment) throws CredentialUnavailableException {
      CredentialBinding b = byName.get(lease.credential());
      try {
        CredentialBackend backend = backends.backend(b.backend());
        Duration granted = call(backend, () -> backend.renew(lease.secret(), increment));
        keeper.forget(lease);
        keeper.track(lease);
        return granted;
      } catch (BackendException e) {
        throw unavailable(b.name(), e);
      }
    }
  }

  /** Forgets the cached value of {@code credential}; the next lease fetches it again. */
  public void invalidate(String credential) {
    Slot s = slots.get(credential);
    if (s != null) {
      s.cached = null;
    }
  }

  private void pollRotations() {
    if (rotations != null) {
      Collection<String> rotated = rotations.poll();
      for (String name : rotated) {
        invalidate(name);
      }
    }
  }

  /**
   * Rotates a credential: the backend makes a new value where it has a call for that, and the cached
   * value is dropped either way, so the next lease gets the backend's current value.
   */
  public Rotation rotate(String credential) throws CredentialUnavailableException {
    CredentialBinding b = byName.get(credential);
    if (b == null) {
      throw new CredentialUnavailableException(credential, Failure.CREDENTIAL_NOT_FOUND, "no credential named \""
          + credential + "\" is bound; known: " + byName.keySet(), null);
    }
    try {
      CredentialBackend backend = backends.backend(b.backend());
      Rotation r = call(backend, () -> backend.rotate(b));
      invalidate(credential);
      return r;
    } catch (BackendException e) {
      throw unavailable(credential, e);
    }
  }

  /** At most this many bound credentials are read per backend by a health check. */
  private static final int HEALTH_READS = 20;

  /**
   * Checks every backend a credential is bound to, or that has settings, for real and in parallel:
   * log in, then read the credentials bound to it (up to {@value #HEALTH_READS}; a dynamic one is
   * revoked at once). A backend is down when it cannot be reached, times out or refuses; a bound path
   * it answers "not found" for is named in the detail without making the backend down. Not subject to
   * back-off: this is how an operator sees whether a backend is back.
   */
  public List<BackendHealth> health() {
    Map<String, List<CredentialBinding>> probes = new LinkedHashMap<>();
    for (CredentialBinding b : byName.values()) {
      List<CredentialBinding> l = probes.computeIfAbsent(b.backend(), t -> new ArrayList<>());
      if (l.size() < HEALTH_READS) {
        l.add(b);
      }
    }
    for (String type : backends.types()) {
      if (!probes.containsKey(type) && !"env".equals(type) && !backends.context().settings(type).isEmpty()) {
        probes.put(type, List.of());
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(6, probes.size())), threads);
    try {
      List<CompletableFuture<BackendHealth>> checks = new ArrayList<>();
      for (Map.Entry<String, List<CredentialBinding>> e : probes.entrySet()) {
        checks.add(CompletableFuture.supplyAsync(() -> check(e.getKey(), e.getValue()), pool));
      }
      List<BackendHealth> out = new ArrayList<>();
      for (CompletableFuture<BackendHealth> c : checks) {
        out.add(c.join());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private BackendHealth check(String type, List<CredentialBinding> bound) {
    long start = System.nanoTime();
    String read = null;
    String probe = bound.isEmpty() ? null : bound.get(0).name();
    List<String> unreadable = new ArrayList<>();
    boolean loggedIn;
    try {
      CredentialBackend backend = backends.backend(type);
      loggedIn = call(backend, backend::authenticate);
      for (CredentialBinding b : bound) {
        Secret s;
        try {
          s = call(backend, () -> backend.fetch(b));
        } catch (BackendException e) {
          if (e.failure().outage() || e.failure() == Failure.BACKEND_DENIED
              || e.failure() == Failure.BACKEND_NOT_CONFIGURED) {
            probe = b.name();
            throw e;
          }
          unreadable.add(b.name() + " (" + e.failure().reasonCode() + ")");
          continue;
        }
        if (s.leased()) {
          call(backend, () -> {
            backend.revoke(s);
            return null;
          });
        }
        if (read == null) {
          read = b.name() + (s.version() == null ? "" : " (version " + s.version() + ")");
          probe = b.name();
        }
      }
    } catch (BackendException e) {
      return new BackendHealth(type, false, Duration.ofNanos(System.nanoTime() - start), probe,
          e.failure().reasonCode(), CredentialText.replace(e.getMessage(), concealment));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    breaker(type).succeeded();
    String detail = bound.isEmpty()
        ? (loggedIn ? "logged in; no credential bound to read" : "configured; no credential bound to read, not contacted")
        : (read == null ? (loggedIn ? "logged in; read nothing" : "answered; read nothing")
            : (loggedIn ? "logged in and read " : "read ") + read)
            + (unreadable.isEmpty() ? "" : "; not readable: " + String.join(", ", unreadable));
    return new BackendHealth(type, true, took, probe, null, detail);
  }

  /** Raw value to placeholder, for every raw value seen so far; read-only view. */
  public Map<String, String> concealment() {
    return Collections.unmodifiableMap(concealment);
  }

  /** Revokes every outstanding dynamic lease, drops the cache and closes the backends. */
  @Override
  public void close() {
    keeper.close();
    for (Slot s : slots.values()) {
      s.cached = null;
    }
    backends.close();
    if (issuer != null) {
      try {
        issuer.close();
      } catch (Exception ignored) {
        // closing is best effort at shutdown
      }
    }
  }

  /**
   * A broker that holds no credential values: its placeholders were made by another process (the
   * launcher of {@code faramesh run}, which put them into this process's environment) and every
   * value is issued by {@code issuer} for the action it is leased for, never cached here. Bindings
   * without a placeholder in {@code placeholders} get none: they cannot be leased.
   */
  public static Broker delegating(List<CredentialBinding> bindings, Map<String, String> placeholders,
      CredentialIssuer issuer, Clock clock) {
    BackendRegistry none = BackendRegistry.of(new BackendContext(Map.of(), Map.of()));
    Builder builder = builder().backends(none).clock(clock);
    builder.issuer = issuer;
    Broker broker = builder.build();
    for (CredentialBinding b : bindings) {
      String placeholder = placeholders.get(b.name());
      if (placeholder == null || broker.byName.putIfAbsent(b.name(), b) != null) {
        continue;
      }
      broker.placeholderByName.put(b.name(), placeholder);
      broker.byPlaceholder.put(placeholder, b);
      for (String variable : b.env()) {
        broker.byVariable.putIfAbsent(variable, b);
      }
    }
    return broker;
  }

  /** Whether values come from an issuer in another process rather than from backends here. */
  public boolean delegates() {
    return issuer != null;
  }

  /**
   * Issues the credential of {@code binding} for one decided {@code action}. A delegating broker
   * asks its issuer, which sees the action; any other broker leases as {@link #lease(CredentialBinding)}.
   */
  public Lease lease(CredentialBinding binding, Action action) throws CredentialUnavailableException {
    if (issuer == null) {
      return lease(binding);
    }
    Instant now = clock.instant();
    Secret secret;
    try {
      secret = issuer.issue(binding, action);
    } catch (BackendException | RuntimeException e) {
      throw new CredentialUnavailableException(binding.name(),
          "credential \"" + binding.name() + "\" was not issued: " + e.getMessage(), e);
    }
    remember(secret.reveal(), placeholderByName.get(binding.name()));
    return new Lease(binding.name(), secret, now.plus(binding.ttl()), clock);
  }

  /** Builds a broker; bindings and backends are required. */
  public static final class Builder {
    private List<CredentialBinding> bindings = List.of();
    private BackendRegistry backends;
    private Map<String, String> environment = Map.of();
    private SecureRandom random;
    private Clock clock = Clock.systemUTC();
    private ThreadFactory threads = r -> {
      Thread t = new Thread(r, "faramesh-broker");
      t.setDaemon(true);
      return t;
    };
    private RotationNotices rotations;
    private CredentialIssuer issuer;

    public Builder bindings(List<CredentialBinding> b) {
      this.bindings = b;
      return this;
    }

    public Builder backends(BackendRegistry b) {
      this.backends = b;
      return this;
    }

    public Builder environment(Map<String, String> env) {
      this.environment = env;
      return this;
    }

    public Builder random(SecureRandom r) {
      this.random = r;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /**
     * Makes the broker's own threads (lease revocation, health checks). The javaagent passes one
     * whose threads run as agent code, so backend calls from them are not intercepted.
     */
    public Builder threads(ThreadFactory f) {
      this.threads = f;
      return this;
    }

    /** Where rotations made by other processes are announced (the registry file). */
    public Builder rotations(RotationNotices notices) {
      this.rotations = notices;
      return this;
    }

    public Broker build() {
      if (backends == null) {
        throw new IllegalStateException("backends");
      }
      Broker b = new Broker(this);
      b.bind(bindings, environment, random == null ? new SecureRandom() : random);
      return b;
    }
  }
}
