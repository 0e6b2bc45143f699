package dev.faramesh.launcher.supervise;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Passes the signals the launcher receives on to its child for as long as the child runs:
 * {@code TERM}, {@code INT}, {@code HUP}, {@code USR1}, {@code USR2}, {@code ALRM} and {@code WINCH}
 * (the JVM reserves {@code QUIT} for thread dumps; job-control signals stay with the terminal).
 * The launcher itself does not exit on them: it waits for the child and exits with its status.
 * When the launcher is in the terminal's foreground process group, the keyboard's {@code INT} and
 * the terminal's {@code WINCH} already reach the child, which shares the group, so those two are
 * not sent a second time. {@code TERM} is sent with {@link ProcessHandle#destroy()}, the others
 * with the system's {@code kill} command (Java has no other way to send them).
 */
final class SignalForwarder implements AutoCloseable {

  static final List<String> FORWARDED = List.of("TERM", "INT", "HUP", "USR1", "USR2", "ALRM", "WINCH");
  private static final List<String> FROM_TERMINAL = List.of("INT", "WINCH");

  private final PrintWriter log;
  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
  /** Null until the child is started; signals arriving before that wait in {@code pending}. */
  private ProcessHandle child;
  private final List<Signal> pending = new java.util.ArrayList<>();

  private SignalForwarder(PrintWriter log) {
    this.log = log;
  }

  /**
   * Takes over the forwarded signals before the child is started, so a signal sent as soon as the
   * child shows signs of life (which can be before {@code ProcessBuilder.start} returns on a busy
   * machine) is not taken by the JVM's own handlers; it is delivered once {@link #attach} names the child.
   */
  static SignalForwarder install(PrintWriter log) {
    SignalForwarder f = new SignalForwarder(log);
    for (String name : FORWARDED) {
      try {
        Signal s = new Signal(name);
        f.previous.put(s, Signal.handle(s, f::forward));
      } catch (IllegalArgumentException reserved) {
        // this JVM or OS keeps the signal for itself
      }
    }
    return f;
  }

  /** Names the started child and delivers the signals that arrived before it existed. */
  void attach(ProcessHandle started) {
    List<Signal> early;
    synchronized (this) {
      child = started;
      early = List.copyOf(pending);
      pending.clear();
    }
    for (Signal s : early) {
      forward(s);
    }
  }

  private void forward(Signal signal) {
    ProcessHandle child;
    synchronized (this) {
      child = this.child;
      if (child == null) {
        pending.add(signal);
        return;
      }
    }
    String name = signal.getName();
    if (!child.isAlive()) {
      return;
    }
    if (FROM_TERMINAL.contains(name) && inTerminalForeground()) {
      return;
    }
    if ("TERM".equals(name)) {
      child.destroy();
      return;
    }
    send(name, child.pid(), log);
  }

  /** Sends {@code SIG<name>} to {@code pid} with the system's kill command. */
  static void send(String name, long pid, PrintWriter log) {
    for (String kill : List.of("/usr/bin/kill", "/bin/kill")) {
      if (Files.isExecutable(Path.of(kill))) {
        try {
          Process p = new ProcessBuilder(kill, "-s", name, Long.toString(pid))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
          p.waitFor(5, TimeUnit.SECONDS);
          return;
        } catch (IOException e) {
          break;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    log.println("faramesh: cannot forward SIG" + name + " to the child: no kill command found");
  }

  /**
   * Whether this process belongs to the foreground process group of a controlling terminal (Linux
   * {@code /proc/self/stat}: process group and terminal foreground group, fields 5 and 8).
   */
  static boolean inTerminalForeground() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long pgrp = Long.parseLong(f[2]);
      long tty = Long.parseLong(f[4]);
      long tpgid = Long.parseLong(f[5]);
      return tty != 0 && tpgid == pgrp;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    for (Map.Entry<Signal, SignalHandler> e : previous.entrySet()) {
      try {
        Signal.handle(e.getKey(), e.getValue());
      } catch (IllegalArgumentException ignored) {
        // could not restore; the launcher exits next anyway
      }
    }
  }
}
