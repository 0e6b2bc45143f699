package dev.faramesh.agent.install;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The module edges the agent needs: {@code java.base} and {@code java.net.http} must read the
 * module of the bootstrap bridge that inlined advice calls, and the agent must reflect on the
 * JDK-internal request head of {@code HttpURLConnection} ({@code sun.net.www}), which
 * {@code java.base} opens to the agent's own module only.
 */
final class ModuleAccess {

  private ModuleAccess() {}

  static void grant(Instrumentation inst, Module bridge, Module agent) {
    Module base = Object.class.getModule();
    inst.redefineModule(base, Set.of(bridge), Map.of(),
        Map.of("sun.net.www", Set.of(agent), "sun.net.www.protocol.http", Set.of(agent)), Set.of(), Map.of());
    Optional<Module> http = ModuleLayer.boot().findModule("java.net.http");
    http.ifPresent(m -> inst.redefineModule(m, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of()));
  }
}
