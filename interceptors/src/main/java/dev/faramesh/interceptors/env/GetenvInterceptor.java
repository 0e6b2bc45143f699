package dev.faramesh.interceptors.env;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * {@code System.getenv(String)} and {@code System.getenv()}: the application reads brokered
 * variables as placeholders and never sees the values captured at premain. {@code System} is
 * loaded before premain, so this transformation always happens by retransformation.
 */
public final class GetenvInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = GetenvInterceptor.class.getPackageName();

  @Override
  public String name() {
    return "getenv";
  }

  @Override
  public List<String> typeNames() {
    return List.of("java.lang.System");
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    return builder.type(named("java.lang.System"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(adviceLoader)
            .advice(named("getenv").and(takesArguments(String.class)), PACKAGE + ".GetenvAdvice")
            .advice(named("getenv").and(takesArguments(0)), PACKAGE + ".GetenvAllAdvice"));
  }
}
