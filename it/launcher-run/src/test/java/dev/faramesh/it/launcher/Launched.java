package dev.faramesh.it.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A running {@code faramesh run|dev}: its output line by line as it comes, its stdin, its end. */
final class Launched implements AutoCloseable {

  private final RunWorld world;
  private final Process process;
  private final List<String> out = new ArrayList<>();
  private final StringBuilder err = new StringBuilder();
  private final Thread outReader;
  private final Thread errReader;

  private Launched(RunWorld world, Process process) {
    this.world = world;
    this.process = process;
    this.outReader = reader(process.getInputStream(), line -> {
      synchronized (out) {
        out.add(line);
        out.notifyAll();
      }
    });
    this.errReader = reader(process.getErrorStream(), line -> {
      synchronized (err) {
        err.append(line).append('\n');
      }
    });
  }

  static Launched start(RunWorld world, ProcessBuilder pb) throws IOException {
    return new Launched(world, pb.start());
  }

  private interface LineSink {
    void accept(String line);
  }

  private static Thread reader(InputStream in, LineSink sink) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          sink.accept(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  Process process() {
    return process;
  }

  /** Waits for the first stdout line starting with {@code prefix + " "}; returns the rest of it. */
  String await(String prefix, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (out) {
      while (true) {
        for (String l : out) {
          if (l.startsWith(prefix + " ")) {
            return l.substring(prefix.length() + 1);
          }
        }
        long left = end - System.nanoTime();
        if (left <= 0 || !process.isAlive() && !outReader.isAlive()) {
          throw new AssertionError("no \"" + prefix + "\" line within " + timeout + "\n" + this);
        }
        out.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
      }
    }
  }

  /** Writes one line to the launcher's stdin (which its child shares). */
  void send(String line) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the launcher to exit and returns its exit status. */
  int exit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError("faramesh did not exit within " + timeout + "\n" + this);
    }
    outReader.join(10_000);
    errReader.join(10_000);
    return process.exitValue();
  }

  /** The stdout lines starting with {@code prefix + " "}, prefix removed. */
  List<String> lines(String prefix) {
    List<String> found = new ArrayList<>();
    synchronized (out) {
      for (String l : out) {
        if (l.startsWith(prefix + " ")) {
          found.add(l.substring(prefix.length() + 1));
        }
      }
    }
    return found;
  }

  String line(String prefix) {
    List<String> l = lines(prefix);
    if (l.isEmpty()) {
      throw new AssertionError("no \"" + prefix + "\" line\n" + this);
    }
    return l.get(0);
  }

  String stdout() {
    synchronized (out) {
      return String.join("\n", out) + "\n";
    }
  }

  String stderr() {
    synchronized (err) {
      return err.toString();
    }
  }

  /** The launcher's direct child (the command it started), while it runs. */
  ProcessHandle child() {
    return process.toHandle().children().findFirst()
        .orElseThrow(() -> new AssertionError("the launcher has no child\n" + this));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /** Output with every raw secret masked. */
  @Override
  public String toString() {
    return world.mask("--- stdout\n" + stdout() + "--- stderr\n" + stderr());
  }
}
