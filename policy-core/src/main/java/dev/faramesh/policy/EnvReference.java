package dev.faramesh.policy;

/**
 * A setting written as {@code env("VAR")}: the value is read from the environment by whoever uses
 * the setting, so secrets never have to be written into {@code governance.fms}.
 */
public record EnvReference(String variable) {

  @Override
  public String toString() {
    return "env(\"" + variable + "\")";
  }
}
