package dev.faramesh.policy.condition;

/**
 * The value of a field that is not there. Any comparison with it is false (so the rule does not
 * match), except {@code == nil} (true) and {@code != nil} (false).
 */
public enum Missing {
  VALUE;

  @Override
  public String toString() {
    return "<missing>";
  }
}
