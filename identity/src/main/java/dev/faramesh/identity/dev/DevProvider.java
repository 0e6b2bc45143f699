package dev.faramesh.identity.dev;

import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.delegation.DelegationKey;
import dev.faramesh.policy.Principal;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The built-in dev identity, {@code spiffe://localhost/dev/<hostname>/<stack-name>/<agent-id>}:
 * synthesised, not attested, so every decision made under it is tagged dev. The stack name is the
 * identity block's {@code stack}, else the runtime's {@code stack}, else the name of the working
 * directory; {@code trust_domain} replaces {@code localhost}.
 */
public final class DevProvider implements IdentityProvider {

  private volatile String prefix;
  private KeyPair delegationKeys;

  @Override
  public String type() {
    return "dev";
  }

  @Override
  public boolean attests() {
    return false;
  }

  @Override
  public void configure(IdentityContext context) {
    String domain = context.setting("trust_domain");
    String stack = context.setting("stack");
    if (stack == null && context.runtime() != null) {
      stack = context.runtime().stack();
    }
    if (stack == null) {
      Path name = context.workingDirectory().toAbsolutePath().normalize().getFileName();
      stack = name == null ? "default" : name.toString();
    }
    prefix = "spiffe://" + segment(domain == null ? "localhost" : domain).toLowerCase(Locale.ROOT) + "/dev/"
        + segment(hostname(context)) + "/" + segment(stack) + "/";
  }

  @Override
  public Principal attest(String agentId) throws IdentityException {
    if (prefix == null) {
      throw new IdentityException("the dev identity provider is not configured");
    }
    String id = prefix + segment(agentId);
    return Principal.builder(agentId, id).svid(id).method("dev").dev(true).verified(false).build();
  }

  /**
   * A per-process ephemeral P-256 key: a dev token proves nothing about its signer, so it is
   * marked dev and only a worker that itself runs as the dev identity accepts it.
   */
  @Override
  public synchronized DelegationKey delegationKey(String agentId) throws IdentityException {
    if (delegationKeys == null) {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        delegationKeys = generator.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IdentityException("no EC key for dev delegation tokens: " + e.getMessage());
      }
    }
    return DelegationKey.dev(attest(agentId).id(), delegationKeys.getPrivate(), delegationKeys.getPublic());
  }

  /** The kernel's host name without a DNS lookup, which can take seconds on a misconfigured host. */
  private static String hostname(IdentityContext context) {
    for (String file : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
      try {
        String h = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        if (!h.isEmpty()) {
          return h;
        }
      } catch (IOException | RuntimeException ignored) {
        // not Linux, or not readable: try the next source
      }
    }
    String h = context.environment().get("HOSTNAME");
    if (h == null || h.isBlank()) {
      h = context.environment().get("COMPUTERNAME");
    }
    if (h != null && !h.isBlank()) {
      return h.trim();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** A SPIFFE path segment: letters, digits, dot, dash and underscore. */
  static String segment(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
          || c == '_';
      sb.append(ok ? c : '-');
    }
    String out = sb.toString();
    return out.isEmpty() || out.equals(".") || out.equals("..") ? "default" : out;
  }
}
