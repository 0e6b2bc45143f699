package dev.faramesh.agent.http.apacheasync;

import dev.faramesh.agent.http.WirePlan;
import dev.faramesh.bootstrap.Faramesh;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * One HttpClient 5 async exchange run through a proxy of the application's (or the client's)
 * {@code AsyncClientExchangeHandler}: the request channel it is given to produce its request
 * through is wrapped, so each request it sends is passed to the agent first (decided there when it
 * was not decided yet and this exchange {@code decides}; a denial is thrown out of
 * {@code sendRequest} before anything is written), and once the exchange is over (resources
 * released, failed or cancelled) the leases of the plan its request was sent with end. Everything
 * else is forwarded unchanged. The agent is reached through the bootstrap bridge, so its own calls
 * (a broker's HTTP requests) are not governed.
 */
final class GovernedExchange implements InvocationHandler {

  static final String HANDLER = "org.apache.hc.core5.http.nio.AsyncClientExchangeHandler";
  static final String CHANNEL = "org.apache.hc.core5.http.nio.RequestChannel";

  private final Object target;
  private final boolean decides;
  private final Class<?> channelType;
  private volatile WirePlan plan;

  private GovernedExchange(Object target, boolean decides, Class<?> channelType) {
    this.target = target;
    this.decides = decides;
    this.channelType = channelType;
  }

  /** A proxy of {@code handler} with this behaviour; {@code handler} when the types cannot be found. */
  static Object around(Object handler, boolean decides) throws ClassNotFoundException {
    if (Proxy.isProxyClass(handler.getClass()) && Proxy.getInvocationHandler(handler) instanceof GovernedExchange) {
      return handler;
    }
    ClassLoader loader = handler.getClass().getClassLoader();
    Class<?> handlerType = Class.forName(HANDLER, false, loader);
    Class<?> channelType = Class.forName(CHANNEL, false, loader);
    if (!handlerType.isInstance(handler)) {
      return handler;
    }
    return Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
        new GovernedExchange(handler, decides, channelType));
  }

  boolean decides() {
    return decides;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "equals":
        if (method.getParameterCount() == 1) {
          return proxy == args[0];
        }
        break;
      case "hashCode":
        if (method.getParameterCount() == 0) {
          return System.identityHashCode(proxy);
        }
        break;
      case "produceRequest":
        if (args != null && args.length == 2 && channelType.isInstance(args[0])) {
          args[0] = Proxy.newProxyInstance(channelType.getClassLoader(), new Class<?>[] {channelType},
              new Channel(args[0]));
        }
        break;
      case "releaseResources":
      case "failed":
      case "cancel":
        try {
          return forward(method, args);
        } finally {
          end();
        }
      default:
        break;
    }
    return forward(method, args);
  }

  private Object forward(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The exchange is over: the leases its request's plan holds end (through the bridge, guarded). */
  private void end() {
    WirePlan p = plan;
    if (p != null) {
      plan = null;
      Faramesh.httpHopExit(p);
    }
  }

  @Override
  public String toString() {
    return String.valueOf(target);
  }

  /** The request channel the exchange produces its request through. */
  private final class Channel implements InvocationHandler {
    private final Object channel;

    Channel(Object channel) {
      this.channel = channel;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if ("sendRequest".equals(method.getName()) && args != null && args.length == 3) {
        Object verdict = Faramesh.httpHopEnter("apache5async", args[0], GovernedExchange.this);
        if (verdict instanceof Throwable) {
          throw (Throwable) verdict;
        }
        if (verdict instanceof WirePlan) {
          plan = (WirePlan) verdict;
        }
      } else if ("equals".equals(method.getName()) && method.getParameterCount() == 1) {
        return proxy == args[0];
      } else if ("hashCode".equals(method.getName()) && method.getParameterCount() == 0) {
        return System.identityHashCode(proxy);
      }
      try {
        return method.invoke(channel, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
