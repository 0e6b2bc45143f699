package dev.faramesh.interceptors.process;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Child processes. {@code ProcessBuilder.start()}, {@code startPipeline} and every
 * {@code Runtime.exec} overload (with or without an explicit environment) end in the private
 * {@code ProcessBuilder.start(Redirect[])} on JDK 17 to 25, so one advice there sees every launch
 * with its final environment.
 */
public final class ProcessStartInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = ProcessStartInterceptor.class.getPackageName();

  @Override
  public String name() {
    return "process";
  }

  @Override
  public List<String> typeNames() {
    return List.of("java.lang.ProcessBuilder");
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    return builder.type(named("java.lang.ProcessBuilder"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(adviceLoader)
            .advice(named("start").and(isPrivate()).and(takesArguments(1)), PACKAGE + ".ProcessStartAdvice"));
  }
}
