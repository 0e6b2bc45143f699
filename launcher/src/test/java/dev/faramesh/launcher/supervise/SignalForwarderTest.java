package dev.faramesh.launcher.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignalForwarderTest {

  /**
   * A signal that arrives between taking over the handlers and the child's start is kept and
   * delivered to the child; before the fix it reached the JVM's own handler (this JVM would exit).
   */
  @Test
  void aSignalBeforeTheChildExistsIsDeliveredToItOnceStarted() throws Exception {
    SignalForwarder forwarder = SignalForwarder.install(new PrintWriter(new StringWriter()));
    try {
      Process kill = new ProcessBuilder("kill", "-s", "HUP", Long.toString(ProcessHandle.current().pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(300); // the JVM's signal dispatcher runs the handler on its own thread
      Process child = new ProcessBuilder("sleep", "30").start();
      forwarder.attach(child.toHandle());
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("the child got the early SIGHUP").isTrue();
      assertThat(child.exitValue()).isEqualTo(128 + 1);
    } finally {
      forwarder.close();
    }
  }
}
