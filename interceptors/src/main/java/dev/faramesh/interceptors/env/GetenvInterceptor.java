package dev.faramesh.interceptors.env;

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
        new Hook(SYSTEM, "getenv", "(Ljava/lang/String;)Ljava/lang/String;", PACKAGE + ".GetenvAdvice"),
        new Hook(SYSTEM, "getenv", "()Ljava/util/Map;", PACKAGE + ".GetenvAllAdvice"));
  }
}
