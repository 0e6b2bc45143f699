package dev.faramesh.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Shared test helpers: principals, actions, a settable clock and resource loading. */
final class Fixtures {

  private Fixtures() {}

  static Principal dev(String agent) {
    return Principal.builder(agent, "spiffe://localhost/dev/host/stack/" + agent).dev(true).method("dev").build();
  }

  static Principal verified(String agent, String id, Map<String, Object> claims) {
    return Principal.builder(agent, id).verified(true).method("oidc").claims(claims).build();
  }

  static Action tool(String id, Map<String, Object> args) {
    return Action.tool(id, args, "test");
  }

  static Action tool(String id) {
    return Action.tool(id, Map.of(), "test");
  }

  static Action http(String method, String url) {
    java.net.URI u = java.net.URI.create(url);
    return Action.http(new HttpTarget(u.getScheme(), u.getHost(), u.getPort(), method, u.getRawPath(), u.getRawQuery()), "test");
  }

  static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fpl/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Policy parse(String text) {
    try {
      return Policy.parse("governance.fms", text);
    } catch (PolicyException e) {
      throw new AssertionError("policy should parse:\n" + e.getMessage(), e);
    }
  }

  /** A clock tests move by hand. */
  static final class ManualClock extends Clock {
    final AtomicLong millis = new AtomicLong(Instant.parse("2026-11-22T10:00:00Z").toEpochMilli());

    void advanceSeconds(long s) {
      millis.addAndGet(s * 1000);
    }

    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
    @Override public long millis() { return millis.get(); }
  }
}
