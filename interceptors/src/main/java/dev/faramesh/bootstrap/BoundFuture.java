package dev.faramesh.bootstrap;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link RunnableFuture} bound like a {@link BoundTask}: {@code run} binds the thread to the
 * submitting agent and restores it in {@code finally}; everything else answers as the future it
 * wraps, so an executor's {@code afterExecute} and {@code purge} still see a future.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class BoundFuture implements RunnableFuture {

  private final Agents agents;
  private final Object handle;
  private final RunnableFuture future;

  BoundFuture(Agents agents, Object handle, RunnableFuture future) {
    this.agents = agents;
    this.handle = handle;
    this.future = future;
  }

  @Override
  public void run() {
    Object previous = agents.enter(handle);
    try {
      future.run();
    } finally {
      agents.exit(previous);
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return future.cancel(mayInterruptIfRunning);
  }

  @Override
  public boolean isCancelled() {
    return future.isCancelled();
  }

  @Override
  public boolean isDone() {
    return future.isDone();
  }

  @Override
  public Object get() throws InterruptedException, ExecutionException {
    return future.get();
  }

  @Override
  public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(timeout, unit);
  }

  @Override
  public String toString() {
    return future.toString();
  }
}
