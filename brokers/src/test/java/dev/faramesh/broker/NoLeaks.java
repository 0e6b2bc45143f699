package dev.faramesh.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Asserts that no secret a test generated shows up where it must not: standard output and error
 * (everything the SDKs print too), java.util.logging at every level (the Google and Azure clients log
 * there), and every exception message the test collected. Register values with {@link #secret} and
 * exceptions with {@link #thrown}; the check runs after each test.
 */
public final class NoLeaks implements BeforeEachCallback, AfterEachCallback {

  private final List<String> secrets = new CopyOnWriteArrayList<>();
  private final List<String> texts = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream out;
  private PrintStream err;
  private Handler jul;
  private Level rootLevel;

  /** A value that must never be printed or logged; returns it. */
  public String secret(String value) {
    secrets.add(value);
    return value;
  }

  /** Keeps an exception's messages (with causes) for the check; returns it. */
  public <T extends Throwable> T thrown(T t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      texts.add(String.valueOf(c.getMessage()));
      texts.add(c.toString());
    }
    return t;
  }

  /** Any other text the test produced that must not contain a secret (a DPR, a CLI's output). */
  public void text(String s) {
    texts.add(s);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    out = System.out;
    err = System.err;
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(tee);
    System.setErr(tee);
    Logger root = Logger.getLogger("");
    rootLevel = root.getLevel();
    root.setLevel(Level.ALL);
    jul = new Handler() {
      @Override
      public void publish(LogRecord r) {
        texts.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
            + (r.getThrown() == null ? "" : " " + r.getThrown()));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    root.addHandler(jul);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    System.setOut(out);
    System.setErr(err);
    Logger root = Logger.getLogger("");
    root.removeHandler(jul);
    root.setLevel(rootLevel);
    String printed = captured.toString(StandardCharsets.UTF_8);
    out.print(printed);
    for (String s : secrets) {
      assertThat(printed).as("stdout/stderr").doesNotContain(s);
      for (String t : texts) {
        assertThat(t).as("exception message or log record").doesNotContain(s);
      }
    }
  }
}
