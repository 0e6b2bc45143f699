package dev.faramesh.benchmarks.policy;

/**
 * Writes a large, realistic policy: {@code agents} agents with {@code rules} rules each, most of
 * them with conditions, mixing literal tool names, globs, a strict deny, HTTP clauses, a rate
 * limit and a budget. Each agent has one condition-free permit ({@code free_tool}) for the
 * allocation-free path.
 */
final class GeneratedPolicy {

  private GeneratedPolicy() {}

  static String text(int agents, int rules) {
    StringBuilder sb = new StringBuilder();
    sb.append("credential \"k\" { path = \"K\" env = [\"K\"] hosts = [\"api.example.com\"] scope = [\"http/*\"] }\n");
    for (int a = 0; a < agents; a++) {
      sb.append("agent agent-").append(a).append(" {\n  default deny\n  rules {\n");
      sb.append("    deny! shell/* reason: \"never shell\"\n");
      for (int r = 0; r < rules - 3; r++) {
        switch (r % 5) {
          case 0:
            sb.append("    permit tool_").append(r).append(" when args.amount < ").append(100 + r)
                .append(" and principal.role == \"agent\"\n");
            break;
          case 1:
            sb.append("    deny ns_").append(r).append("/* when args.target matches \"^prod-\" reason: \"no prod\"\n");
            break;
          case 2:
            sb.append("    defer tool_").append(r).append(" when args.amount >= ").append(1000 + r).append(" notify: \"ops\"\n");
            break;
          case 3:
            sb.append("    permit http/get host \"svc").append(r).append(".example.com\" path \"/v1/*\"\n");
            break;
          default:
            sb.append("    permit tool_").append(r).append(" when principal.tenant in [\"t1\", \"t2\"] or args.force == true\n");
        }
      }
      sb.append("    permit free_tool\n");
      sb.append("  }\n  rate_limit tool_1: 1000000 per second\n");
      sb.append("}\n");
    }
    return sb.toString();
  }
}
