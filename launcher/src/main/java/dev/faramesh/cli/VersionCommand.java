package dev.faramesh.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faramesh version}: the product version and the Java runtime it runs on. */
@Command(name = "version", description = "Print the Faramesh version.")
final class VersionCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    return p.getProperty("version", "unknown");
  }

  @Override
  public void run() {
    spec.commandLine().getOut().println("faramesh " + version() + " (Java " + System.getProperty("java.version") + ")");
  }

  /** Answers {@code faramesh --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"faramesh " + version()};
    }
  }
}
