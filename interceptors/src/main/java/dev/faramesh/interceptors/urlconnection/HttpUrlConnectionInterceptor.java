package dev.faramesh.interceptors.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * {@code HttpURLConnection} over HTTP and HTTPS (the HTTPS implementation delegates to a subclass
 * of the same {@code sun.net.www.protocol.http.HttpURLConnection}). Decisions: {@code plainConnect0}
 * (the first connect of each hop) and {@code followRedirect0} (each redirect, also when the
 * connection is reused). Substitution: {@code sun.net.www.http.HttpClient.writeRequests}, the
 * last step before the request head reaches the socket, on a copy, while the connection's own
 * {@code writeRequests} marks which connection is writing.
 */
public final class HttpUrlConnectionInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = HttpUrlConnectionInterceptor.class.getPackageName();
  private static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
  private static final String WIRE = "sun.net.www.http.HttpClient";

  @Override
  public String name() {
    return "urlconnection";
  }

  @Override
  public List<String> typeNames() {
    return List.of(CONNECTION, WIRE);
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    return builder
        .type(named(CONNECTION)).transform(new AgentBuilder.Transformer.ForAdvice().include(adviceLoader)
            .advice(named("plainConnect0").and(takesArguments(0)), PACKAGE + ".ConnectAdvice")
            .advice(named("followRedirect0").and(takesArguments(3)), PACKAGE + ".RedirectAdvice")
            .advice(named("writeRequests").and(takesArguments(0)), PACKAGE + ".WritingAdvice"))
        .type(named(WIRE)).transform(new AgentBuilder.Transformer.ForAdvice().include(adviceLoader)
            .advice(named("writeRequests").and(takesArgument(0, named("sun.net.www.MessageHeader")))
                .and(takesArguments(1).or(takesArguments(2))), PACKAGE + ".WireHeadersAdvice"));
  }
}
