package dev.faramesh.examples.minitools.demo;

import dev.faramesh.examples.minitools.Tool;
import dev.faramesh.examples.minitools.ToolException;
import dev.faramesh.examples.minitools.Toolbox;
import java.util.Map;

/**
 * An operations assistant built on minitools; it knows nothing of Faramesh. It makes four tool
 * calls and prints what each returned (or why it failed), then {@code OPS DONE}.
 */
public final class OpsApp {

  /** The tools. */
  public static final class OpsTools {
    @Tool("service_status")
    public String status(String service) {
      System.out.println("RAN service_status " + service);
      return service + " is up";
    }

    @Tool("restart_service")
    public String restart(String service) {
      System.out.println("RAN restart_service " + service);
      return service + " restarted";
    }

    @Tool("run_shell")
    public String shell(String command) {
      System.out.println("RAN run_shell " + command);
      return "ran " + command;
    }
  }

  private OpsApp() {}

  public static void main(String[] args) {
    Toolbox ops = new Toolbox("ops").register(new OpsTools());
    call(ops, "service_status", Map.of("service", "web"));
    call(ops, "restart_service", Map.of("service", "web"));
    call(ops, "restart_service", Map.of("service", "database"));
    call(ops, "run_shell", Map.of("command", "rm -rf /var/lib/db"));
    System.out.println("OPS DONE");
  }

  private static void call(Toolbox box, String tool, Map<String, Object> args) {
    try {
      System.out.println("RESULT " + tool + ": " + box.call(tool, args));
    } catch (ToolException e) {
      System.out.println("FAILED " + tool + ": " + e.getMessage());
    }
  }
}
