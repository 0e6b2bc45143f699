package dev.faramesh.interceptors.process;

import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;

/**
 * Child processes. {@code ProcessBuilder.start()}, {@code startPipeline} and every
 * {@code Runtime.exec} overload (with or without an explicit environment) end in the private
 * {@code ProcessBuilder.start(Redirect[])} on JDK 17 to 25, so one advice there sees every launch
 * with its final environment. {@code ProcessBuilder.environment()} is rewritten too: the JDK fills
 * it from the real process environment, bypassing {@code System.getenv}.
 */
public final class ProcessStartInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = ProcessStartInterceptor.class.getPackageName();
  private static final String BUILDER = "java.lang.ProcessBuilder";

  @Override
  public String name() {
    return "process";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        new Hook(BUILDER, "start", "([Ljava/lang/ProcessBuilder$Redirect;)Ljava/lang/Process;",
            PACKAGE + ".ProcessStartAdvice"),
        new Hook(BUILDER, "environment", "()Ljava/util/Map;", PACKAGE + ".ProcessEnvironmentAdvice"));
  }
}
