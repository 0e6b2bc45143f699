package dev.faramesh.identity.http;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.ReasonCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The few HTTP calls providers make to platform endpoints (the GCE metadata server, Azure IMDS
 * and Entra, AWS STS): one synchronous request on the calling thread with connect and read
 * timeouts, link-local metadata endpoints reached without a proxy. It uses
 * {@code HttpURLConnection}, which the agent lets through when called from inside a decision or
 * before the application starts. Failures to connect are reported as the provider being
 * unavailable; bodies and headers never enter a message.
 */
public final class PlatformHttp {

  private static final int MAX_BODY = 1 << 20;

  private final Duration timeout;
  private final boolean direct;

  /** {@code direct}: bypass any configured proxy, as for metadata servers. */
  public PlatformHttp(Duration timeout, boolean direct) {
    this.timeout = timeout;
    this.direct = direct;
  }

  /** A response: status and body (UTF-8). */
  public record Reply(int status, String body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  public Reply get(URI url, Map<String, String> headers) throws IdentityException {
    return exchange("GET", url, headers, null);
  }

  /** POSTs {@code body} (already form-encoded, or whatever {@code headers} declare). */
  public Reply post(URI url, Map<String, String> headers, String body) throws IdentityException {
    return exchange("POST", url, headers, body);
  }

  private Reply exchange(String method, URI url, Map<String, String> headers, String body) throws IdentityException {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) (direct ? url.toURL().openConnection(Proxy.NO_PROXY) : url.toURL().openConnection());
      int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
      c.setConnectTimeout(millis);
      c.setReadTimeout(millis);
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setRequestMethod(method);
      for (Map.Entry<String, String> h : headers.entrySet()) {
        c.setRequestProperty(h.getKey(), h.getValue());
      }
      if (body != null) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(bytes.length);
        try (OutputStream out = c.getOutputStream()) {
          out.write(bytes);
        }
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      String text = "";
      if (in != null) {
        try (in) {
          text = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        }
      }
      return new Reply(status, text);
    } catch (IOException | IllegalArgumentException e) {
      throw new IdentityException(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE, "cannot reach " + where(url) + ": "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  /** Scheme, host, port and path: query strings may carry parameters we do not echo. */
  static String where(URI url) {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }
}
