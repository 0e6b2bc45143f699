package dev.faramesh.broker;

import dev.faramesh.policy.CredentialBinding;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a real {@link Broker} over the backends this build ships (found with ServiceLoader, as the
 * agent finds them), configured by {@code FARAMESH_CREDENTIAL_*} variables like an operator would.
 */
public final class BrokerFixture {

  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<CredentialBinding> bindings = new ArrayList<>();
  private Clock clock = Clock.systemUTC();
  private RotationNotices rotations;

  public static BrokerFixture create() {
    return new BrokerFixture();
  }

  public BrokerFixture env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  public BrokerFixture clock(Clock c) {
    this.clock = c;
    return this;
  }

  public BrokerFixture rotations(RotationNotices n) {
    this.rotations = n;
    return this;
  }

  public BrokerFixture bind(String name, String backend, String path, Duration ttl) {
    return bind(name, backend, path, null, null, ttl);
  }

  public BrokerFixture bind(String name, String backend, String path, String field, String version, Duration ttl) {
    bindings.add(new CredentialBinding(name, backend, path, List.of(), List.of("api.example.test"), List.of(), ttl,
        null, null, field, version));
    return this;
  }

  public Broker build() {
    BackendContext ctx = BackendContext.builder().environment(environment).build();
    BackendRegistry registry = BackendRegistry.load(BrokerFixture.class.getClassLoader(), ctx);
    return Broker.builder().bindings(bindings).backends(registry).environment(environment).random(new SecureRandom())
        .clock(clock).rotations(rotations).build();
  }
}
