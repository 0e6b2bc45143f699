package dev.faramesh.launcher.proxy;

import dev.faramesh.broker.Broker;
import dev.faramesh.broker.CredentialText;
import dev.faramesh.broker.CredentialUnavailableException;
import dev.faramesh.launcher.decision.RunDecisions;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.HttpTarget;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One proxied request's passage: it is decided as {@code http/<method>} with the destination's
 * scheme, host, port, raw path and raw query (exactly one DPR), and then either refused with a
 * {@code 403} that says which rule refused it and why, or rewritten for the server: hop-by-hop
 * headers go, the target becomes origin-form, and the placeholders of the credentials the decision
 * grants for this host are replaced by their values in header values (also inside HTTP Basic
 * credentials) and in the query. Other placeholders stay as they are, so a server the credential
 * is not scoped to receives no secret. Request bodies are passed on unchanged.
 */
final class RequestGate {

  static final String ADAPTER = "faramesh-run/proxy";
  /** Headers that concern one connection only (RFC 9110 7.6.1) or the proxy itself. */
  private static final List<String> HOP_BY_HOP = List.of("connection", "proxy-connection", "keep-alive", "te",
      "trailer", "transfer-encoding", "upgrade", "proxy-authorization", "proxy-authenticate", "expect");

  private final RunDecisions decisions;
  private final Broker broker;

  RequestGate(RunDecisions decisions, Broker broker) {
    this.decisions = decisions;
    this.broker = broker;
  }

  /** Either the request to send on, or the response that refuses it. */
  record Passage(FullHttpRequest forward, FullHttpResponse refusal) {}

  /** Decides {@code request} (whose target may be origin- or absolute-form) bound for {@code to}. */
  Passage pass(FullHttpRequest request, Destination to) {
    String target = originForm(request.uri());
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? null : target.substring(q + 1);
    Action action = Action.http(new HttpTarget(to.scheme(), to.host(), to.port(), request.method().name(), path, query),
        ADAPTER);
    List<String> visible = new ArrayList<>();
    for (Map.Entry<String, String> h : request.headers()) {
      visible.add(h.getValue());
    }
    if (query != null) {
      visible.add(query);
    }
    RunDecisions.Outcome outcome = decisions.decide(action, to + path, to.host(), to.port(),
        b -> carries(visible, broker.placeholder(b.name())));
    if (!outcome.allowed()) {
      return new Passage(null, refusal(outcome, request.protocolVersion()));
    }
    Map<String, String> values = values(outcome.credentials(), visible);
    FullHttpRequest forward = request.replace(request.content().retain());
    forward.setUri(values.isEmpty() ? target : CredentialText.replaceInQuery(target, values));
    forward.setProtocolVersion(HttpVersion.HTTP_1_1);
    HttpHeaders headers = forward.headers();
    for (String listed : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : listed.split(",")) {
        headers.remove(token.trim());
      }
    }
    for (String h : HOP_BY_HOP) {
      headers.remove(h);
    }
    if (!headers.contains(HttpHeaderNames.HOST)) {
      headers.set(HttpHeaderNames.HOST, to.authority());
    }
    headers.set(HttpHeaderNames.CONTENT_LENGTH, forward.content().readableBytes());
    if (!values.isEmpty()) {
      List<Map.Entry<String, String>> all = new ArrayList<>(headers.entries());
      headers.clear();
      for (Map.Entry<String, String> h : all) {
        headers.add(h.getKey(), CredentialText.replaceInHeader(h.getValue(), values));
      }
    }
    return new Passage(forward, null);
  }

  /** The placeholder-to-value map for the granted credentials whose placeholders the request carries. */
  private Map<String, String> values(List<CredentialBinding> granted, List<String> visible) {
    Map<String, String> out = new HashMap<>(2);
    for (CredentialBinding b : granted) {
      String placeholder = broker.placeholder(b.name());
      if (placeholder == null || !carries(visible, placeholder)) {
        continue;
      }
      try {
        String value = broker.lease(b).value();
        if (value != null) {
          out.put(placeholder, value);
        }
      } catch (CredentialUnavailableException e) {
        // the request goes on with its placeholder: the server sees no secret rather than a wrong one
      }
    }
    return out;
  }

  private static boolean carries(List<String> visible, String placeholder) {
    if (placeholder == null) {
      return false;
    }
    for (String v : visible) {
      if (CredentialText.containsAny(v, List.of(placeholder))) {
        return true;
      }
    }
    return false;
  }

  /** {@code /path?query} of an origin- or absolute-form request target. */
  static String originForm(String uri) {
    String lower = uri.length() > 8 ? uri.substring(0, 8).toLowerCase(Locale.ROOT) : uri.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      return uri.isEmpty() ? "/" : uri;
    }
    int start = uri.indexOf("//") + 2;
    int end = start;
    while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
      end++;
    }
    String rest = uri.substring(end);
    return rest.isEmpty() ? "/" : rest.startsWith("?") ? "/" + rest : rest;
  }

  private static FullHttpResponse refusal(RunDecisions.Outcome outcome, HttpVersion version) {
    byte[] body = (outcome.denial() + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r = new DefaultFullHttpResponse(version, HttpResponseStatus.FORBIDDEN, Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set("X-Faramesh-Decision", outcome.decision().effect().name())
        .set("X-Faramesh-Reason-Code", outcome.decision().reasonCode());
    if (!outcome.decision().ruleId().isEmpty()) {
      r.headers().set("X-Faramesh-Rule", outcome.decision().ruleId());
    }
    return r;
  }

  /** A plain-text error response from the proxy itself (malformed request, unreachable server). */
  static FullHttpResponse error(HttpResponseStatus status, String message, HttpVersion version) {
    byte[] body = ("faramesh proxy: " + message + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r = new DefaultFullHttpResponse(version, status, Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return r;
  }
}
