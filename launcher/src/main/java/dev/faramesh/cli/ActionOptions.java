package dev.faramesh.cli;

import dev.faramesh.policy.Action;
import dev.faramesh.policy.HttpTarget;
import dev.faramesh.policy.Principal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that describe one call for {@code policy explain}: the agent, a tool with arguments
 * or an HTTP request, and the principal's claims. The principal is taken as verified: explain
 * answers "what would the policy say for this identity", it does not attest anyone.
 */
final class ActionOptions {

  @Option(names = "--agent", required = true, description = "Agent label (selects the agent block).")
  String agent;

  @Option(names = "--tool", description = "Tool id, e.g. stripe/refund.")
  String tool;

  @Option(names = "--arg", paramLabel = "KEY=VALUE", description = "A tool argument; dotted keys nest, JSON values allowed.")
  List<String> args;

  @Option(names = "--url", description = "An HTTP request URL (the tool id becomes http/<method>).")
  String url;

  @Option(names = "--method", defaultValue = "GET", description = "HTTP method for --url (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--principal", paramLabel = "CLAIM=VALUE", description = "A verified claim of the principal (principal.<claim>).")
  List<String> claims;

  @Option(names = "--principal-id", description = "The principal's identity (default spiffe://explain/<agent>).")
  String principalId;

  Action action() {
    if (url != null) {
      URI u = URI.create(url);
      if (u.getHost() == null) {
        throw new IllegalArgumentException("--url needs an absolute URL such as https://api.example.com/v1/x");
      }
      return Action.http(new HttpTarget(u.getScheme(), u.getHost(), u.getPort(), method, u.getRawPath(), u.getRawQuery()),
          "cli");
    }
    if (tool == null) {
      throw new IllegalArgumentException("give --tool TOOL or --url URL");
    }
    return Action.tool(tool, KeyValues.parse(args), "cli");
  }

  Principal principal() {
    Map<String, Object> c = KeyValues.parse(claims);
    return Principal.builder(agent, principalId != null ? principalId : "spiffe://explain/" + agent)
        .verified(true).method("explain").claims(c).build();
  }
}
