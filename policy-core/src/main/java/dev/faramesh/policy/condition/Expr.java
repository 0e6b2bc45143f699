package dev.faramesh.policy.condition;

/**
 * A compiled node of a rule condition. Evaluation returns a value ({@code String}, {@code Number},
 * {@code Boolean}, {@code List}, {@code Map}, {@code null} for an explicit null) or
 * {@link Missing#VALUE} when a field is absent; it throws {@link EvalException} on a type error,
 * which denies the call.
 */
public interface Expr {

  Object eval(EvalContext ctx) throws EvalException;
}
