package dev.faramesh.benchmarks.launcher;

import dev.faramesh.audit.AuditVerifier;
import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.env.EnvBackend;
import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.dev.DevProvider;
import dev.faramesh.launcher.decision.RunDecisions;
import dev.faramesh.launcher.decision.RunPrincipal;
import dev.faramesh.launcher.decision.RunRecorder;
import dev.faramesh.launcher.proxy.InjectingProxy;
import dev.faramesh.launcher.proxy.RunAuthority;
import dev.faramesh.launcher.proxy.UpstreamTrust;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyEngine;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Overhead of {@code faramesh run}'s credential-injecting proxy on loopback requests: the same
 * client ({@code java.net.http.HttpClient}, HTTP/1.1, keep-alive, {@code --threads} callers each
 * with one request in flight) against the same loopback server, directly (the client sends the
 * real key itself) and through the launcher's {@link InjectingProxy} (the client sends the
 * placeholder; every request is decided, recorded as a durable DPR in a WAL on disk, and gets the
 * real key injected), in alternating rounds of the same run, for {@code http} and {@code https}
 * (the proxy terminates the client's TLS with a per-run CA certificate and opens its own TLS
 * connection to the server). The server checks every request's key; the WAL is verified at the
 * end and must hold one record per proxied request. {@code --server-delay-ms} makes the server
 * answer after that long, as a real API would.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.faramesh.benchmarks.launcher.ProxyOverheadBenchmark \
 *   [--threads 8] [--warmup 2] [--rounds 5] [--seconds 5] [--schemes http,https] [--wal DIR]
 *   [--server-delay-ms 0]
 * </pre>
 */
public final class ProxyOverheadBenchmark {

  private static final String HOST = "127.0.0.1";

  private ProxyOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(option(args, "--threads", "8"));
    int warmup = Integer.parseInt(option(args, "--warmup", "2"));
    int rounds = Integer.parseInt(option(args, "--rounds", "5"));
    Duration round = Duration.ofSeconds(Long.parseLong(option(args, "--seconds", "5")));
    List<String> schemes = Arrays.asList(option(args, "--schemes", "http,https").split(","));
    long delayMillis = Long.parseLong(option(args, "--server-delay-ms", "0"));
    Path work = Files.createTempDirectory("faramesh-proxy-bench");
    Path wal = Path.of(option(args, "--wal", work.resolve("wal").toString()));
    Clock clock = Clock.systemUTC();

    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    String key = "sk-bench-" + java.util.HexFormat.of().formatHex(raw);
    Map<String, String> env = Map.of("BENCH_KEY", key);
    Policy policy = Policy.parse(work.resolve("governance.fms").toString(), """
        credential "bench" { backend = "env" env = ["BENCH_KEY"] hosts = ["127.0.0.1"] }
        agent bench { default deny rules { permit http/get host "127.0.0.1" } }
        """);
    Broker broker = Broker.start(policy.credentials(), BackendRegistry.of(new BackendContext(env, Map.of()),
        new EnvBackend()), env, new SecureRandom(), clock);
    String placeholder = broker.placeholder("bench");
    DevProvider dev = new DevProvider();
    dev.configure(new IdentityContext(null, policy.runtime(), env, work));
    RunDecisions decisions = new RunDecisions(PolicyEngine.of(policy), new RunPrincipal(dev, "bench", clock),
        RunRecorder.open(wal, true), clock);

    RunAuthority serverCa = RunAuthority.create("bench-server", clock);
    Path serverCaFile = Files.writeString(work.resolve("server-ca.pem"), serverCa.certificatePem());
    RunAuthority runCa = RunAuthority.create("bench-run", clock);
    InjectingProxy proxy = InjectingProxy.start(0, decisions, broker, runCa,
        UpstreamTrust.clientContext(List.of(serverCaFile)));
    AtomicLong wrongKeys = new AtomicLong();
    AtomicLong connections = new AtomicLong();
    EventLoopGroup serverLoops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    Channel plain = server(serverLoops, null, key, wrongKeys, connections, delayMillis);
    Channel tls = server(serverLoops, serverCa.serverContext(HOST), key, wrongKeys, connections,
        delayMillis);

    SSLContext trust = trusting(serverCa.certificatePem() + runCa.certificatePem());
    HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trust).build();
    HttpClient proxied = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trust)
        .proxy(ProxySelector.of(new InetSocketAddress(HOST, proxy.port()))).build();

    System.out.printf(Locale.ROOT, "java %s, %d CPUs, %d client threads, %d warm-up + %d measured rounds of %d s "
        + "per mode, alternating; server answers after %d ms; load average at start: %s%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors(), threads, warmup, rounds, round.toSeconds(), delayMillis,
        loadAverage());
    long proxiedRequests = 0;
    List<String> table = new ArrayList<>();
    for (String scheme : schemes) {
      int port = "https".equals(scheme) ? port(tls) : port(plain);
      URI uri = URI.create(scheme + "://" + HOST + ":" + port + "/v1/models");
      List<Round> directRounds = new ArrayList<>();
      List<Round> proxyRounds = new ArrayList<>();
      for (int r = 0; r < warmup + rounds; r++) {
        Round d = load(direct, uri, key, threads, round);
        Round p = load(proxied, uri, placeholder, threads, round);
        proxiedRequests += p.requests + p.errors;
        if (r >= warmup) {
          directRounds.add(d);
          proxyRounds.add(p);
        }
        System.out.printf(Locale.ROOT, "  %s round %d%s: direct %.0f req/s, proxy %.0f req/s%n", scheme, r + 1,
            r < warmup ? " (warm-up)" : "", d.perSecond(), p.perSecond());
      }
      Summary ds = Summary.of(directRounds);
      Summary ps = Summary.of(proxyRounds);
      table.add(String.format(Locale.ROOT, "| %s | direct (baseline) | %,.0f | %.2f | %.2f | %d |", scheme,
          ds.perSecond, ds.p50 / 1e6, ds.p99 / 1e6, ds.errors));
      table.add(String.format(Locale.ROOT, "| %s | through the proxy | %,.0f | %.2f | %.2f | %d |", scheme,
          ps.perSecond, ps.p50 / 1e6, ps.p99 / 1e6, ps.errors));
      table.add(String.format(Locale.ROOT, "| %s | proxy / direct | %.1f%% of the requests/s (%.1f%% fewer) | "
          + "+%.2f ms | +%.2f ms | |", scheme, 100 * ps.perSecond / ds.perSecond,
          100 * (1 - ps.perSecond / ds.perSecond), (ps.p50 - ds.p50) / 1e6, (ps.p99 - ds.p99) / 1e6));
    }
    String loadEnd = loadAverage();
    proxy.close();
    decisions.close();
    serverLoops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    dev.faramesh.audit.VerificationResult verified = AuditVerifier.verify(wal);
    System.out.println();
    System.out.println("| scheme | path | requests/s (median of rounds) | p50 ms | p99 ms | errors |");
    System.out.println("|---|---|---:|---:|---:|---:|");
    table.forEach(System.out::println);
    System.out.println();
    System.out.printf(Locale.ROOT, "load average at end: %s; requests that reached the server with a wrong key: %d; "
        + "connections the server accepted: %d%n", loadEnd, wrongKeys.get(), connections.get());
    System.out.printf(Locale.ROOT, "WAL %s: %s (proxied requests sent: %d)%n", wal, verified.summary(),
        proxiedRequests);
    if (!verified.valid() || wrongKeys.get() != 0) {
      System.exit(1);
    }
  }

  /** One round of one mode: requests completed, errors, and every latency in nanoseconds. */
  record Round(long requests, long errors, long[] latencies, long nanos) {
    double perSecond() {
      return requests * 1e9 / nanos;
    }
  }

  record Summary(double perSecond, double p50, double p99, long errors) {
    static Summary of(List<Round> rounds) {
      double[] rates = rounds.stream().mapToDouble(Round::perSecond).sorted().toArray();
      long[] all = rounds.stream().flatMapToLong(r -> Arrays.stream(r.latencies)).sorted().toArray();
      long errors = rounds.stream().mapToLong(Round::errors).sum();
      return new Summary(rates[rates.length / 2], all[(int) (all.length * 0.50)],
          all[Math.min(all.length - 1, (int) (all.length * 0.99))], errors);
    }
  }

  private static Round load(HttpClient client, URI uri, String key, int threads, Duration length)
      throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
        .timeout(Duration.ofSeconds(30)).GET().build();
    long[][] latencies = new long[threads][];
    int[] counts = new int[threads];
    long[] errors = new long[threads];
    Thread[] workers = new Thread[threads];
    long start = System.nanoTime();
    long end = start + length.toNanos();
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers[t] = new Thread(() -> {
        long[] lat = new long[1 << 16];
        int n = 0;
        while (true) {
          long s = System.nanoTime();
          if (s >= end) {
            break;
          }
          try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
              errors[id]++;
              continue;
            }
          } catch (Exception e) {
            errors[id]++;
            continue;
          }
          if (n == lat.length) {
            lat = Arrays.copyOf(lat, n * 2);
          }
          lat[n++] = System.nanoTime() - s;
        }
        latencies[id] = lat;
        counts[id] = n;
      });
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    long nanos = System.nanoTime() - start;
    long total = 0;
    long errs = 0;
    List<long[]> parts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      total += counts[t];
      errs += errors[t];
      parts.add(Arrays.copyOf(latencies[t], counts[t]));
    }
    long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
    return new Round(total, errs, all, nanos);
  }

  /** A loopback HTTP/1.1 server answering {@code ok}; counts requests that did not carry {@code key}. */
  private static Channel server(EventLoopGroup loops, SslContext tls, String key, AtomicLong wrongKeys,
      AtomicLong connections, long delayMillis) throws InterruptedException {
    String expected = "Bearer " + key;
    return new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.incrementAndGet();
            if (tls != null) {
              ch.pipeline().addLast(tls.newHandler(ch.alloc()));
            }
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                    if (!expected.equals(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                      wrongKeys.incrementAndGet();
                    }
                    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer("ok\n".getBytes(StandardCharsets.US_ASCII)));
                    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                        .set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
                    if (delayMillis > 0) {
                      ctx.executor().schedule(() -> ctx.writeAndFlush(res), delayMillis,
                          java.util.concurrent.TimeUnit.MILLISECONDS);
                    } else {
                      ctx.writeAndFlush(res);
                    }
                  }
                });
          }
        })
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
  }

  private static int port(Channel server) {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  private static SSLContext trusting(String pems) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    int i = 0;
    for (var cert : CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pems.getBytes(StandardCharsets.US_ASCII)))) {
      ks.setCertificateEntry("ca" + i++, cert);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
