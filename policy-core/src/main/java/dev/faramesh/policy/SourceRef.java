package dev.faramesh.policy;

/**
 * A position in a policy file: the file name as the user gave it, a 1-based line and a 1-based
 * column. Every rule, binding and diagnostic carries one so that errors and decisions can point at
 * the exact place in {@code governance.fms}.
 */
public record SourceRef(String file, int line, int column) {

  /** {@code file:line:col}, the form compilers use and editors understand. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
