package dev.faramesh.it.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher as a supervisor: signals it receives reach the child, which decides what to do with
 * them; the child's exit code, or 128 + the signal that ended it, is the launcher's; a command that
 * does not exist gives 127; stdin is the child's; and the run directory is gone afterwards.
 */
class SupervisorIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  /** A child that says READY, then exits with the given code when one of the given signals arrives. */
  private static final String TRAP = """
      import signal, sys, time
      codes = dict(TERM=43, HUP=44, INT=45, USR1=46)
      def handler(number, frame):
          name = signal.Signals(number).name[3:]
          print("GOT", name, flush=True)
          sys.exit(codes[name])
      for name in codes:
          signal.signal(getattr(signal, "SIG" + name), handler)
      print("READY", "now", flush=True)
      time.sleep(120)
      sys.exit(99)
      """;

  private Launched launch(Path work, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "-q", "--wal", "wal", "--"));
    args.addAll(List.of(command));
    ProcessBuilder pb = RunWorld.get().faramesh(work, args);
    // As from an interactive shell: a build started as a background job inherits SIGINT and
    // SIGQUIT ignored, and a process that starts with a signal ignored keeps it so (the launcher
    // too, as shells expect). env execs the launcher, so the pid stays the launcher's.
    pb.command().addAll(0, List.of("env", "--default-signal=INT,QUIT"));
    return Launched.start(RunWorld.get(), pb);
  }

  private static void kill(String signal, long pid) throws Exception {
    Process p = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).inheritIO().start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void signalsReachTheChildAndItsExitCodeIsTheLaunchers() throws Exception {
    Path work = RunWorld.get().work("signals");
    for (String signal : List.of("TERM", "HUP", "INT", "USR1")) {
      try (Launched run = launch(work, "python3", "-c", TRAP)) {
        run.await("READY", TIMEOUT);
        kill(signal, run.process().pid());
        int status = run.exit(TIMEOUT);
        assertThat(run.lines("GOT")).as(run.toString()).containsExactly(signal);
        assertThat(status).as(signal + "\n" + run).isEqualTo(switch (signal) {
          case "TERM" -> 43;
          case "HUP" -> 44;
          case "INT" -> 45;
          default -> 46;
        });
        assertThat(RunWorld.leftovers(work)).isEmpty();
      }
    }
  }

  @Test
  void aChildEndedBySignalGives128PlusItsNumber() throws Exception {
    Path work = RunWorld.get().work("killed");
    try (Launched run = launch(work, "sh", "-c", "echo READY now; exec sleep 120")) {
      run.await("READY", TIMEOUT);
      ProcessHandle child = run.child();
      kill("KILL", child.pid());
      assertThat(run.exit(TIMEOUT)).as(run.toString()).isEqualTo(128 + 9);
    }
    try (Launched run = launch(work, "sh", "-c", "kill -s TERM $$")) {
      assertThat(run.exit(TIMEOUT)).as(run.toString()).isEqualTo(128 + 15);
    }
    assertThat(RunWorld.leftovers(work)).isEmpty();
  }

  @Test
  void exitCodesStdinAndMissingCommands() throws Exception {
    Path work = RunWorld.get().work("codes");
    try (Launched run = launch(work, "sh", "-c", "read -r line; echo \"ECHO $line\"; exit 42")) {
      run.send("through the launcher");
      assertThat(run.exit(TIMEOUT)).as(run.toString()).isEqualTo(42);
      assertThat(run.line("ECHO")).isEqualTo("through the launcher");
    }
    try (Launched run = launch(work, "sh", "-c", "exit 0")) {
      assertThat(run.exit(TIMEOUT)).as(run.toString()).isZero();
    }
    try (Launched run = launch(work, "no-such-command-for-faramesh")) {
      assertThat(run.exit(TIMEOUT)).isEqualTo(127);
      assertThat(run.stderr()).contains("cannot run no-such-command-for-faramesh: command not found");
    }
    assertThat(RunWorld.leftovers(work)).isEmpty();
  }

  @Test
  void enforceModeNeedsARealIdentityAndDevTagsItsRecords() throws Exception {
    RunWorld world = RunWorld.get();
    Path work = world.work("modes");
    List<String> enforce = List.of("run", "--mode", "enforce", "--", "sh", "-c", "echo STARTED yes");
    try (Launched run = Launched.start(world, world.faramesh(work, enforce))) {
      assertThat(run.exit(TIMEOUT)).as(run.toString()).isEqualTo(78);
      assertThat(run.lines("STARTED")).isEmpty();
      assertThat(run.stderr()).contains("--mode enforce needs a real identity provider")
          .contains("the command was not started");
    }
    List<String> dev = List.of("dev", "--mode", "enforce", "--", "sh", "-c", "echo STARTED yes");
    try (Launched run = Launched.start(world, world.faramesh(work, dev))) {
      assertThat(run.exit(TIMEOUT)).isEqualTo(78);
      assertThat(run.stderr()).contains("faramesh dev always does");
    }
  }
}
