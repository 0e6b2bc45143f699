package dev.faramesh.agent.engine;

import dev.faramesh.agent.install.HookInstaller;

/**
 * Work moved off the application's threads after premain, onto a spare core while the application
 * starts: weaving the targets that are not loaded yet (or reading them from the woven-class cache),
 * so the thread that loads them finds them ready. Warming the decision path as well was measured
 * and dropped: it cost more CPU than the first decision saved.
 */
final class Warmup implements Runnable {

  private final HookInstaller.Installation hooks;

  Warmup(HookInstaller.Installation hooks) {
    this.hooks = hooks;
  }

  @Override
  public void run() {
    try {
      hooks.preweave();
    } catch (RuntimeException ignored) {
      // best effort: a target not woven here is woven when it loads
    }
  }
}
