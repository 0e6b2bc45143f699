package dev.faramesh.broker;

import java.util.Locale;
import java.util.Set;

/**
 * The well-known environment variables that carry credentials: AI providers, clouds, code hosts,
 * package registries, payment and chat APIs. Whatever the policy says, they never reach an agent
 * as they are: {@code faramesh run} removes them from the child's environment (keeping the values
 * in its broker) and the in-JVM agent hides them, unless a {@code credential} block brokers one,
 * in which case the agent sees its placeholder. Names are compared without regard to case, as
 * Faramesh's own stripping does.
 */
public final class AmbientCredentials {

  /** Upper-case names. */
  public static final Set<String> NAMES = Set.of(
      // AI providers
      "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "AZURE_OPENAI_API_KEY", "GOOGLE_API_KEY", "GEMINI_API_KEY",
      "MISTRAL_API_KEY", "COHERE_API_KEY", "GROQ_API_KEY", "DEEPSEEK_API_KEY", "XAI_API_KEY", "OPENROUTER_API_KEY",
      "TOGETHER_API_KEY", "FIREWORKS_API_KEY", "PERPLEXITY_API_KEY", "REPLICATE_API_TOKEN", "VOYAGE_API_KEY",
      "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACEHUB_API_TOKEN", "LANGCHAIN_API_KEY", "LANGSMITH_API_KEY",
      "PINECONE_API_KEY", "TAVILY_API_KEY", "SERPAPI_API_KEY",
      // clouds
      "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "AZURE_CLIENT_SECRET",
      "DIGITALOCEAN_TOKEN", "CLOUDFLARE_API_TOKEN",
      // code hosts and registries
      "GITHUB_TOKEN", "GH_TOKEN", "GITLAB_TOKEN", "NPM_TOKEN", "PYPI_TOKEN",
      // payments and chat
      "STRIPE_API_KEY", "STRIPE_SECRET_KEY", "SLACK_BOT_TOKEN", "SLACK_USER_TOKEN");

  private AmbientCredentials() {}

  /** Whether {@code variable} is one of the well-known credential variables (any case). */
  public static boolean contains(String variable) {
    return variable != null && NAMES.contains(variable.toUpperCase(Locale.ROOT));
  }
}
