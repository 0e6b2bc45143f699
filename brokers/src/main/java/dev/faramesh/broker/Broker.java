package dev.faramesh.broker;

import dev.faramesh.policy.Action;
import dev.faramesh.policy.CredentialBinding;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process credential broker. It knows the policy's credential bindings, gives each a
 * placeholder for this run, maps environment variables to bindings, and issues {@link Lease}s
 * for permitted calls, fetching values from the binding's backend lazily and caching each for at
 * most its TTL. It also remembers every raw value it has seen (captured at premain or fetched) so
 * that {@link #concealment()} can turn them back into placeholders wherever they must not appear.
 * Thread-safe.
 */
public final class Broker implements AutoCloseable {

  /** Shorter values are not concealed by value: they would match ordinary text. */
  private static final int MIN_CONCEALED_LENGTH = 8;

  private final Map<String, CredentialBinding> byName = new LinkedHashMap<>();
  private final Map<String, CredentialBinding> byVariable = new LinkedHashMap<>();
  private final Map<String, String> placeholderByName = new LinkedHashMap<>();
  private final Map<String, CredentialBinding> byPlaceholder = new LinkedHashMap<>();
  private final Map<String, String> concealment = new ConcurrentHashMap<>();
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final BackendRegistry backends;
  private final Clock clock;
  /** Set only for a {@link #delegating} broker: who issues values instead of the backends. */
  private final CredentialIssuer issuer;

  private Broker(BackendRegistry backends, Clock clock) {
    this(backends, clock, null);
  }

  private Broker(BackendRegistry backends, Clock clock, CredentialIssuer issuer) {
    this.backends = backends;
    this.clock = clock;
    this.issuer = issuer;
  }

  /**
   * A broker for {@code bindings}. {@code capturedEnvironment} is the raw process environment as
   * captured at premain: it shapes the placeholders and seeds the values to conceal.
   */
  public static Broker start(List<CredentialBinding> bindings, BackendRegistry backends,
      Map<String, String> capturedEnvironment, SecureRandom random, Clock clock) {
    Broker broker = new Broker(backends, clock);
    Placeholders placeholders = new Placeholders(random);
    for (CredentialBinding b : bindings) {
      if (broker.byName.putIfAbsent(b.name(), b) != null) {
        continue;
      }
      String sample = sampleValue(b, capturedEnvironment);
      String placeholder = placeholders.create(sample);
      broker.placeholderByName.put(b.name(), placeholder);
      broker.byPlaceholder.put(placeholder, b);
      for (String variable : b.env()) {
        broker.byVariable.putIfAbsent(variable, b);
        broker.remember(capturedEnvironment.get(variable), placeholder);
      }
      if ("env".equals(b.backend())) {
        broker.remember(capturedEnvironment.get(b.path()), placeholder);
      }
    }
    return broker;
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

  /**
   * Issues the credential of {@code binding} for one call, valid for the binding's TTL. The value
   * comes from the cache while it is younger than the TTL, else from the backend.
   */
  public Lease lease(CredentialBinding binding) throws CredentialUnavailableException {
    Instant now = clock.instant();
    Cached c = cache.get(binding.name());
    if (c == null || !now.isBefore(c.expires)) {
      Secret secret;
      try {
        secret = backends.backend(binding.backend()).fetch(binding);
      } catch (BackendException e) {
        throw new CredentialUnavailableException(binding.name(),
            "credential \"" + binding.name() + "\" is unavailable: " + e.getMessage(), e);
      }
      c = new Cached(secret, now.plus(binding.ttl()));
      cache.put(binding.name(), c);
      remember(secret.reveal(), placeholderByName.get(binding.name()));
    }
    return new Lease(binding.name(), c.secret, now.plus(binding.ttl()), clock);
  }

  /** Forgets the cached value of {@code credential}; the next lease fetches it again (rotation). */
  public void invalidate(String credential) {
    cache.remove(credential);
  }

  /** Raw value to placeholder, for every raw value seen so far; read-only view. */
  public Map<String, String> concealment() {
    return Collections.unmodifiableMap(concealment);
  }

  @Override
  public void close() {
    cache.clear();
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
    Broker broker = new Broker(none, clock, issuer);
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

  private record Cached(Secret secret, Instant expires) {}
}
