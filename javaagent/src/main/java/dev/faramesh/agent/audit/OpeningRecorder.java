package dev.faramesh.agent.audit;

import dev.faramesh.agent.decision.AuditFailure;
import dev.faramesh.agent.decision.DecisionRecord;
import dev.faramesh.agent.decision.DecisionRecorder;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The WAL while it is still being opened. Opening scans every record already in the WAL, which is
 * not needed before the application starts, only before its first decision: the scan runs on its
 * own thread and the first {@link #record} waits for it. If it fails, every decision is denied
 * (fail closed) and the reason is printed once.
 */
public final class OpeningRecorder implements DecisionRecorder {

  private final Path dir;
  private final FutureTask<WalRecorder> opening;
  private volatile boolean reported;

  private OpeningRecorder(Path dir, FutureTask<WalRecorder> opening) {
    this.dir = dir;
    this.opening = opening;
  }

  /** Starts opening the WAL in {@code dir} on a daemon thread. */
  public static OpeningRecorder start(Path dir, boolean devIdentity) {
    OpeningRecorder r = new OpeningRecorder(dir, new FutureTask<>(() -> WalRecorder.open(dir, devIdentity)));
    Thread t = new Thread(r.opening, "faramesh-wal-open");
    t.setDaemon(true);
    t.start();
    return r;
  }

  public Path directory() {
    return dir;
  }

  private WalRecorder writer() throws AuditFailure {
    try {
      return opening.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditFailure("interrupted while the WAL was being opened", e);
    } catch (ExecutionException e) {
      String why = "the audit WAL in " + dir + " could not be opened: " + e.getCause().getMessage();
      if (!reported) {
        reported = true;
        System.err.println("faramesh: " + why + "; every decision is denied");
      }
      throw new AuditFailure(why, e.getCause());
    }
  }

  @Override
  public void record(DecisionRecord record) throws AuditFailure {
    writer().record(record);
  }

  @Override
  public void close() {
    try {
      writer().close();
    } catch (AuditFailure ignored) {
      // never opened: nothing to close
    }
  }
}
