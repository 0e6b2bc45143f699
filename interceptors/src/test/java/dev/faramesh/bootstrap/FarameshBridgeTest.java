package dev.faramesh.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bridge as advice sees it: pass-through before installation, one installation per JVM, the
 * recursion guard, fail-closed fallbacks when the dispatcher throws, and the denial helpers.
 * Installation is global to the JVM, so the steps run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FarameshBridgeTest {

  private static final AtomicInteger calls = new AtomicInteger();
  private static volatile boolean explode;
  private static Object key;

  /** Answers with marked values, re-enters the bridge once to prove the guard, or throws. */
  static final class Probe implements Dispatcher {
    private String check(String v) {
      calls.incrementAndGet();
      if (explode) {
        throw new IllegalStateException("boom");
      }
      // a nested interception point on the same thread must pass through untouched
      assertThat(Faramesh.getenv("NESTED", "raw")).isEqualTo("raw");
      return v;
    }

    @Override public String getenv(String name, String value) { return check("seen:" + value); }
    @Override public Map<String, String> getenvAll(Map<String, String> env) { check(""); return Map.of("A", "b"); }
    @Override public void processEnvironment(Map<String, String> env) { check(""); env.put("SEEN", "1"); }
    @Override public Throwable processStart(ProcessBuilder b) { check(""); return null; }
    @Override public Throwable httpClientSend(Object r, boolean fromAgent) { check(""); return null; }
    @Override public Throwable httpClientHop(Object u, Object p, Object r) { check(""); return null; }
    @Override public Object httpClientWireHeaders(Object r, Object h) { return check("wire"); }
    @Override public String httpClientRequestTarget(Object r, String t) { return check("target"); }
    @Override public Object httpClientPseudoHeaders(Object r, Object h) { return check("pseudo"); }
    @Override public Throwable urlConnectionConnect(Object c) { check(""); return null; }
    @Override public Throwable urlConnectionRedirect(Object c, int s, URL l) { check(""); return null; }
    @Override public void urlConnectionWriting(Object c, boolean b) { check(""); }
    @Override public Object urlConnectionWireHeaders(Object h) { return check("head"); }
  }

  @Test
  @Order(1)
  void beforeInstallationEverythingPassesThrough() {
    assertThat(Faramesh.installed()).isFalse();
    assertThat(Faramesh.getenv("X", "raw")).isEqualTo("raw");
    Map<String, String> env = Map.of("A", "1");
    assertThat(Faramesh.getenvAll(env)).isSameAs(env);
    assertThat(Faramesh.processStart(new ProcessBuilder("true"))).isNull();
    assertThat(Faramesh.httpClientRequestTarget(null, "/t")).isEqualTo("/t");
  }

  @Test
  @Order(2)
  void installsOnceAndOnlyTheKeyHolderMayMarkAgentCode() {
    key = Faramesh.install(new Probe());
    assertThat(Faramesh.installed()).isTrue();
    assertThatThrownBy(() -> Faramesh.install(new Probe())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Faramesh.enterAgent(new Object())).isInstanceOf(SecurityException.class);
    assertThat(Faramesh.enterAgent(key)).isTrue();
    try {
      assertThat(Faramesh.insideAgent()).isTrue();
      assertThat(Faramesh.getenv("X", "raw")).as("agent code is not intercepted").isEqualTo("raw");
    } finally {
      Faramesh.exitAgent(key);
    }
  }

  @Test
  @Order(3)
  void installedCallsReachTheDispatcherAndTheGuardStopsNesting() {
    int before = calls.get();
    assertThat(Faramesh.getenv("X", "raw")).isEqualTo("seen:raw");
    assertThat(Faramesh.getenvAll(Map.of())).containsEntry("A", "b");
    Map<String, String> child = new HashMap<>();
    Faramesh.processEnvironment(child);
    assertThat(child).containsEntry("SEEN", "1");
    assertThat(Faramesh.urlConnectionWireHeaders("h")).isEqualTo("head");
    assertThat(calls.get() - before).isEqualTo(4);
    assertThat(Faramesh.insideAgent()).isFalse();
  }

  @Test
  @Order(4)
  void whenTheDispatcherFailsTheBridgeFailsClosed() {
    explode = true;
    try {
      assertThat(Faramesh.getenv("SECRET", "raw")).isNull();
      assertThat(Faramesh.getenvAll(Map.of("SECRET", "raw"))).isEmpty();
      Map<String, String> child = new HashMap<>(Map.of("SECRET", "raw"));
      Faramesh.processEnvironment(child);
      assertThat(child).isEmpty();
      assertThat(Faramesh.processStart(new ProcessBuilder("true"))).isInstanceOf(FarameshDeniedIOException.class)
          .hasMessageContaining("INTERNAL_ERROR");
      assertThat(Faramesh.httpClientSend(new Object())).isInstanceOf(FarameshDeniedIOException.class);
      assertThat(Faramesh.urlConnectionConnect(new Object())).isInstanceOf(FarameshDeniedIOException.class);
      // wire rewriting that fails leaves placeholders in place rather than guessing
      assertThat(Faramesh.httpClientRequestTarget(null, "/t?k=placeholder")).isEqualTo("/t?k=placeholder");
      assertThat(Faramesh.urlConnectionWireHeaders("original")).isEqualTo("original");
    } finally {
      explode = false;
    }
  }

  @Test
  @Order(5)
  void denialsSurfaceAsTheirOwnTypes() {
    FarameshDeniedIOException denial = new FarameshDeniedIOException("http/get", "https://x.test:443/a", "fpl-2",
        "governance.fms:7:5", "RULE_DENY", "no exfiltration");
    assertThat(denial).isInstanceOf(IOException.class).isInstanceOf(Denial.class)
        .hasMessage("faramesh denied http/get https://x.test:443/a: rule fpl-2 (governance.fms:7:5) [RULE_DENY] "
            + "no exfiltration");
    IOException wrapped = new IOException(denial.getMessage(), denial);
    assertThat(Faramesh.unwrapDenial(wrapped)).isSameAs(denial);
    IOException other = new IOException("connection refused");
    assertThat(Faramesh.unwrapDenial(other)).isSameAs(other);
    CompletableFuture<?> future = (CompletableFuture<?>) Faramesh.deniedFuture(denial);
    assertThatThrownBy(future::join).isInstanceOf(CompletionException.class).hasCause(denial);
    FarameshDeniedException unchecked = new FarameshDeniedException("process/exec", "sh", "", "", "UNMATCHED_DENY",
        "no rule");
    assertThat(unchecked).isInstanceOf(SecurityException.class)
        .hasMessage("faramesh denied process/exec sh: no rule matched [UNMATCHED_DENY] no rule");
  }
}
