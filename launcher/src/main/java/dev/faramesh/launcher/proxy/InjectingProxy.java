package dev.faramesh.launcher.proxy;

import dev.faramesh.broker.Broker;
import dev.faramesh.launcher.decision.RunDecisions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The credential-injecting HTTP(S) proxy that {@code faramesh run} gives non-JVM children through
 * {@code HTTP_PROXY}/{@code HTTPS_PROXY}: a loopback-only Netty server that terminates the child's
 * TLS with certificates from the run's CA ({@link RunAuthority}), decides each request and records
 * it as one DPR, puts the real credential only into permitted requests to the credential's hosts
 * ({@link RequestGate}), and relays them to the real servers over TLS it verifies itself
 * ({@link UpstreamTrust}). Netty parses and writes HTTP; nothing here does by hand.
 */
public final class InjectingProxy implements AutoCloseable {

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  /** Threads deciding requests; they are made as needed, up to this many. */
  static final int DECISION_THREADS = 64;

  private final ExecutorService decisionPool;
  private final Channel server;
  private final int port;
  private final CompletableFuture<ProxyContext> context;

  private InjectingProxy(EventLoopGroup boss, EventLoopGroup workers, ExecutorService decisionPool, Channel server,
      CompletableFuture<ProxyContext> context) {
    this.boss = boss;
    this.workers = workers;
    this.decisionPool = decisionPool;
    this.server = server;
    this.port = ((InetSocketAddress) server.localAddress()).getPort();
    this.context = context;
  }

  /**
   * Binds the proxy to {@code 127.0.0.1:port} ({@code 0}: any free port) before it can serve:
   * connections wait until {@link #serve} says how to decide and where certificates come from, so
   * the event loops start while the launcher is still loading the policy.
   */
  public static InjectingProxy bind(int port) throws InterruptedException {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("faramesh-proxy-accept", true),
        NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads,
        new DefaultThreadFactory("faramesh-proxy", true), NioIoHandler.newFactory());
    // A decision waits for its DPR's fsync: the pool is sized for waiting, not for CPUs, so that
    // concurrent requests share one group commit instead of queueing behind a few threads.
    ExecutorService pool = Executors.newFixedThreadPool(DECISION_THREADS, daemon("faramesh-proxy-decide"));
    CompletableFuture<ProxyContext> context = new CompletableFuture<>();
    try {
      Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ClientSide.initialize(ch.pipeline(), context.join());
            }
          })
          .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
      return new InjectingProxy(boss, workers, pool, server, context);
    } catch (InterruptedException | RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      pool.shutdownNow();
      throw e;
    }
  }

  /**
   * Starts serving: requests are decided by {@code decisions}, credentials come from
   * {@code broker}, the child's TLS is terminated with certificates of {@code authority}, and
   * connections to real servers use {@code upstreamTls} once it is ready (it is made in the
   * background; the first HTTPS request waits for it).
   */
  public InjectingProxy serve(RunDecisions decisions, Broker broker, RunAuthority authority,
      CompletableFuture<SslContext> upstreamTls) {
    context.complete(new ProxyContext(new RequestGate(decisions, broker), decisionPool, authority, upstreamTls));
    return this;
  }

  /** {@link #bind} and {@link #serve} in one. */
  public static InjectingProxy start(int port, RunDecisions decisions, Broker broker, RunAuthority authority,
      SslContext upstreamTls) throws InterruptedException {
    return bind(port).serve(decisions, broker, authority, CompletableFuture.completedFuture(upstreamTls));
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}, the value of the child's proxy variables. */
  public String url() {
    return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
  }

  /** Stops accepting, closes every connection and waits briefly for the threads to end. */
  @Override
  public void close() {
    context.completeExceptionally(new IllegalStateException("the proxy was closed before it served"));
    server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    decisionPool.shutdownNow();
    boss.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
    workers.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
