package dev.faramesh.identity.jwt;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.ReasonCodes;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a provider reads the workload's token: a file the platform rotates (its path may contain
 * {@code {agent}}, so each logical agent of the process has its own), or an environment variable
 * captured when the JVM started. {@link #revision()} changes when a token may have been replaced.
 */
public interface TokenSupplier {

  /** The current token for the agent labelled {@code agentId}. */
  String token(String agentId) throws IdentityException;

  /** Changes whenever a token this supplier handed out may have been replaced. */
  long revision();

  /** Where tokens come from, for messages and {@code faramesh identity show}. */
  String describe();

  /** Tokens read from {@code template}, with {@code {agent}} replaced by the agent label. */
  static TokenSupplier file(Path template) {
    return new Files(template.toString());
  }

  /** The token in the environment variable {@code variable} as the JVM saw it at start-up. */
  static TokenSupplier environment(Map<String, String> environment, String variable) {
    return new TokenSupplier() {
      @Override
      public String token(String agentId) throws IdentityException {
        String v = environment.get(variable);
        if (v == null || v.isBlank()) {
          throw IdentityException.of(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE, "the environment variable "
              + variable + " holds no token");
        }
        return v.trim();
      }

      @Override
      public long revision() {
        return 0;
      }

      @Override
      public String describe() {
        return "environment variable " + variable;
      }
    };
  }

  /** Token files, one per agent label when the path names {@code {agent}}. */
  final class Files implements TokenSupplier {
    private final String template;
    private final Map<String, TokenFile> files = new ConcurrentHashMap<>();

    Files(String template) {
      this.template = template;
    }

    @Override
    public String token(String agentId) throws IdentityException {
      return files.computeIfAbsent(agentId, a -> new TokenFile(Path.of(template.replace("{agent}", a)))).read();
    }

    @Override
    public long revision() {
      long r = 0;
      for (TokenFile f : files.values()) {
        r += f.revision();
      }
      return r;
    }

    @Override
    public String describe() {
      return "token file " + template;
    }
  }
}
