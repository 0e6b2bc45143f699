package dev.faramesh.interceptors.env;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;

/**
 * {@code System.getenv(String)} and {@code System.getenv()}: the application reads brokered
 * variables as placeholders and never sees the values captured at premain. {@code System} is
 * loaded before premain, so this transformation always happens by retransformation.
 */
public final class GetenvInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = GetenvInterceptor.class.getPackageName();
  private static final String SYSTEM = "java.lang.System";

  @Override
  public String name() {
    return "getenv";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        new Hook(SYSTEM, named("getenv").and(takesArguments(String.class)), PACKAGE + ".GetenvAdvice"),
        new Hook(SYSTEM, named("getenv").and(takesArguments(0)), PACKAGE + ".GetenvAllAdvice"));
  }
}
