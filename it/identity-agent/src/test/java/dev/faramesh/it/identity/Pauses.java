package dev.faramesh.it.identity;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The handshake with a scenario app's {@code pause} step: the app writes {@code NAME.ready} and waits
 * for {@code NAME.go}; the test changes the world (rotates an SVID, rewrites a token) in between.
 */
final class Pauses {

  private Pauses() {}

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /**
   * Runs {@code action} when the application reaches the pause {@code name}, waits {@code settleMillis}
   * (a Workload API push needs a moment to reach the agent's open stream), then lets it go on.
   */
  static Thread onPause(Path work, String name, long settleMillis, ThrowingRunnable action) {
    Thread t = new Thread(() -> {
      try {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(work.resolve(name + ".ready")) && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        action.run();
        if (settleMillis > 0) {
          Thread.sleep(settleMillis);
        }
        Files.writeString(work.resolve(name + ".go"), "");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "pause-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
