package dev.faramesh.agent.http.okhttp;

import dev.faramesh.agent.http.HopFrames;
import dev.faramesh.agent.http.HttpGate;
import dev.faramesh.agent.http.HttpLibrary;
import dev.faramesh.agent.http.WirePlan;
import dev.faramesh.agent.reflect.Members;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OkHttp 3, 4 and 5. The first hop is decided when {@code RetryAndFollowUpInterceptor} starts the
 * call on its thread, each redirect when it is followed; the codec writing the request head gets a
 * copy of OkHttp's {@code Request} ({@code newBuilder()}, same API in every major version) whose
 * headers and URL carry the real values, only for the hop's host. The application's request and
 * the responses' {@code request()} keep the placeholders.
 */
public final class OkHttpHandler implements HttpLibrary {

  static final String ADAPTER = "okhttp";

  private final HttpGate gate;
  private final HopFrames frames = new HopFrames();

  public OkHttpHandler(HttpGate gate) {
    this.gate = gate;
  }

  @Override
  public Object enter(Object chain, Object unused) {
    try {
      Object request = Members.call(chain, "request");
      HttpGate.Hop hop = decide(request);
      if (!hop.allowed()) {
        return hop.verdict().ioDenial(hop.target());
      }
      return frames.push(request, hop.plan());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read this OkHttp request: " + e, e);
    }
  }

  @Override
  public void exit(Object frame) {
    if (frame instanceof HopFrames.Frame) {
      frames.pop((HopFrames.Frame) frame);
    }
  }

  @Override
  public Throwable next(Object request) {
    HopFrames.Frame top = frames.top();
    try {
      HttpGate.Hop hop = decide(request);
      if (!hop.allowed()) {
        return hop.verdict().ioDenial(hop.target());
      }
      if (top != null) {
        top.replace(hop.plan());
      }
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read this OkHttp request: " + e, e);
    }
  }

  private HttpGate.Hop decide(Object request) throws ReflectiveOperationException {
    Object url = Members.call(request, "url");
    List<String> visible = new ArrayList<>();
    Object headers = Members.call(request, "headers");
    int n = (Integer) Members.call(headers, "size");
    for (int i = 0; i < n; i++) {
      visible.add((String) Members.call(headers, "value", i));
    }
    String query = (String) Members.call(url, "encodedQuery");
    if (query != null) {
      visible.add(query);
    }
    return gate.decide(ADAPTER, (String) Members.call(url, "scheme"), (String) Members.call(url, "host"),
        (Integer) Members.call(url, "port"), (String) Members.call(request, "method"),
        (String) Members.call(url, "encodedPath"), query, visible);
  }

  @Override
  public Object wire(Object request) {
    HopFrames.Frame top = frames.top();
    WirePlan plan = top == null ? null : top.plan();
    if (plan == null) {
      return request;
    }
    try {
      Object headers = Members.call(request, "headers");
      int n = (Integer) Members.call(headers, "size");
      Map<String, List<String>> byName = new LinkedHashMap<>();
      boolean changed = false;
      for (int i = 0; i < n; i++) {
        String name = (String) Members.call(headers, "name", i);
        String value = (String) Members.call(headers, "value", i);
        String replaced = plan.header(value);
        changed |= !replaced.equals(value);
        byName.computeIfAbsent(name, k -> new ArrayList<>()).add(replaced);
      }
      String url = Members.call(request, "url").toString();
      String newUrl = plan.target(url);
      if (!changed && newUrl.equals(url)) {
        return request;
      }
      Object builder = Members.call(request, "newBuilder");
      if (!newUrl.equals(url)) {
        Members.call(builder, "url", newUrl);
      }
      for (Map.Entry<String, List<String>> e : byName.entrySet()) {
        Members.call(builder, "removeHeader", e.getKey());
        for (String v : e.getValue()) {
          Members.call(builder, "addHeader", e.getKey(), v);
        }
      }
      return Members.call(builder, "build");
    } catch (ReflectiveOperationException e) {
      // without a copy nothing real is written: the head keeps its placeholders
      return request;
    }
  }
}
