package dev.faramesh.agent.engine;

import dev.faramesh.broker.CredentialBackend;
import dev.faramesh.identity.IdentityProvider;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ServiceLoader;

/**
 * Start-up work that does not depend on the policy, run on a third thread during premain: the JCA
 * provider list and SHA-256 (policy version, every record hash) and the classes of the identity
 * providers and credential backends the engine looks up by service. Premain waits for the thread
 * preparing the engine, which otherwise did all of this in turn while the hook-weaving thread sat
 * idle; here the two cores share it. Only classes are loaded, nothing is instantiated, so the
 * engine's own lookups behave exactly as without it.
 */
final class Preload implements Runnable {

  private final ClassLoader loader;

  Preload(ClassLoader loader) {
    this.loader = loader;
  }

  static void start(ClassLoader loader) {
    Thread t = new Thread(new Preload(loader), "faramesh-preload");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void run() {
    try {
      MessageDigest.getInstance("SHA-256").digest(new byte[64]);
      ServiceLoader.load(IdentityProvider.class, loader).stream().forEach(ServiceLoader.Provider::type);
      ServiceLoader.load(CredentialBackend.class, loader).stream().forEach(ServiceLoader.Provider::type);
    } catch (NoSuchAlgorithmException | RuntimeException | LinkageError ignored) {
      // best effort: whatever is not loaded here is loaded when the engine needs it, and fails there
    }
  }
}
