package dev.faramesh.policy.fpl;

import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The entry to the FPL front end: lex, parse, check and compile one file. Either every check
 * passes and a {@link Policy} comes back, or a {@link PolicyException} lists every error found.
 */
public final class FplCompiler {

  private FplCompiler() {}

  public static Policy compile(String fileName, String text) throws PolicyException {
    return compile(fileName, text, java.util.List.of());
  }

  /** Compiles with credentials registered outside the file; see {@link Policy#load(java.nio.file.Path, java.util.List)}. */
  public static Policy compile(String fileName, String text, java.util.List<dev.faramesh.policy.CredentialBinding> registered)
      throws PolicyException {
    Diagnostics diag = new Diagnostics(fileName, text);
    Ast.Document doc;
    try {
      doc = new Parser(new Lexer(text, diag).tokenize(), diag).parse();
    } catch (RuntimeException e) {
      // The parser recovers from every error it knows; anything else is a bug, reported as a diagnostic.
      diag.error(1, 1, "internal parser error (" + e.getClass().getSimpleName() + "); please report this policy");
      throw new PolicyException(diag.all());
    }
    Policy policy = new PolicyCompiler(diag, fileName, version(text), registered).compile(doc);
    if (diag.hasErrors()) {
      throw new PolicyException(diag.all());
    }
    return policy;
  }

  /** The first 16 hex digits of SHA-256 over the file's bytes, as the Faramesh daemon computes it. */
  static String version(String text) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
