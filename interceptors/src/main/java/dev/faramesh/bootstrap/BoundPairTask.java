package dev.faramesh.bootstrap;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * A {@link BoundTask} for the two-argument shapes of {@code CompletableFuture}'s stages
 * ({@code thenCombineAsync}, {@code handleAsync}, {@code whenCompleteAsync}, ...), which cannot
 * share a class with {@code Function} and {@code Consumer}.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class BoundPairTask implements BiFunction, BiConsumer {

  private final Agents agents;
  private final Object handle;
  private final Object task;

  BoundPairTask(Agents agents, Object handle, Object task) {
    this.agents = agents;
    this.handle = handle;
    this.task = task;
  }

  @Override
  public Object apply(Object t, Object u) {
    Object previous = agents.enter(handle);
    try {
      return ((BiFunction) task).apply(t, u);
    } finally {
      agents.exit(previous);
    }
  }

  @Override
  public void accept(Object t, Object u) {
    Object previous = agents.enter(handle);
    try {
      ((BiConsumer) task).accept(t, u);
    } finally {
      agents.exit(previous);
    }
  }

  @Override
  public String toString() {
    return task.toString();
  }
}
