package dev.faramesh.agent.env;

import dev.faramesh.policy.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Environment variables that hold credentials but are not brokered: the well-known ambient
 * credential names and the policy's {@code runtime { strip_env = [...] }} patterns. The
 * application and its children do not see them at all.
 */
final class HiddenVariables {

  /** The ambient credentials Faramesh strips by default. */
  static final Set<String> AMBIENT = Set.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "AZURE_OPENAI_API_KEY",
      "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "GOOGLE_API_KEY", "HF_TOKEN",
      "HUGGING_FACE_HUB_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "NPM_TOKEN", "PYPI_TOKEN");

  private final List<Glob> patterns = new ArrayList<>();

  HiddenVariables(List<String> stripPatterns) {
    for (String p : stripPatterns) {
      patterns.add(Glob.path(p));
    }
  }

  boolean hidden(String name) {
    if (AMBIENT.contains(name)) {
      return true;
    }
    for (Glob g : patterns) {
      if (g.matches(name)) {
        return true;
      }
    }
    return false;
  }
}
