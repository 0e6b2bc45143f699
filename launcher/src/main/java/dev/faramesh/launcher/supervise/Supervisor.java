package dev.faramesh.launcher.supervise;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs the child of {@code faramesh run} and stands in for it: the child inherits the launcher's
 * standard input, output and error (the same file descriptors, so terminals, pipes and redirections
 * behave as without the launcher), receives the signals the launcher receives
 * ({@link SignalForwarder}), and its exit status becomes the launcher's: its exit code, or 128 + the
 * signal number when a signal ended it, as shells report it. A command that cannot be started
 * gives 127 (not found) or 126 (not executable), as in a shell.
 */
public final class Supervisor {

  public static final int NOT_FOUND = 127;
  public static final int NOT_EXECUTABLE = 126;

  private Supervisor() {}

  /** A started child; {@link #await()} waits for it and returns its status. */
  public static final class Child {
    private final Process process;
    private final SignalForwarder signals;

    private Child(Process process, SignalForwarder signals) {
      this.process = process;
      this.signals = signals;
    }

    public long pid() {
      return process.pid();
    }

    public ProcessHandle handle() {
      return process.toHandle();
    }

    /** Waits for the child to end (interruptions are not an end) and returns its exit status. */
    public int await() {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return process.waitFor();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        if (signals != null) {
          signals.close();
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** Ends the child forcibly (the launcher is failing). */
    public void kill() {
      process.destroyForcibly();
    }
  }

  /** The command could not be started; {@link #status()} is 126 or 127. */
  public static final class StartFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    StartFailure(String message, int status) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * Starts {@code command} with exactly {@code environment} in {@code directory}, its standard
   * streams inherited; with {@code forwardSignals}, the launcher's signals go to it until it ends.
   */
  public static Child start(List<String> command, Map<String, String> environment, Path directory,
      boolean forwardSignals, PrintWriter log) throws StartFailure {
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO().directory(directory.toFile());
    pb.environment().clear();
    pb.environment().putAll(environment);
    SignalForwarder signals = forwardSignals ? SignalForwarder.install(log) : null;
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      if (signals != null) {
        signals.close();
      }
      String m = String.valueOf(e.getMessage());
      boolean notFound = m.contains("error=2,") || m.contains("No such file");
      throw new StartFailure("cannot run " + command.get(0) + ": " + (notFound ? "command not found"
          : m.substring(m.indexOf(':') + 1).trim()), notFound ? NOT_FOUND : NOT_EXECUTABLE);
    }
    if (signals != null) {
      signals.attach(p.toHandle());
    }
    return new Child(p, signals);
  }
}
