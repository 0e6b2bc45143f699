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
  private final ExecutorService decisionPool;
  private final Channel server;
  private final int port;

  private InjectingProxy(EventLoopGroup boss, EventLoopGroup workers, ExecutorService decisionPool, Channel server) {
    this.boss = boss;
    this.workers = workers;
    this.decisionPool = decisionPool;
    this.server = server;
    this.port = ((InetSocketAddress) server.localAddress()).getPort();
  }

  /**
   * Starts the proxy on {@code 127.0.0.1:port} ({@code 0}: any free port). Requests are decided by
   * {@code decisions} and credentials come from {@code broker}.
   */
  public static InjectingProxy start(int port, RunDecisions decisions, Broker broker, RunAuthority authority,
      SslContext upstreamTls) throws InterruptedException {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("faramesh-proxy-accept", true),
        NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads,
        new DefaultThreadFactory("faramesh-proxy", true), NioIoHandler.newFactory());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(4, threads * 2), daemon("faramesh-proxy-decide"));
    ProxyContext context = new ProxyContext(new RequestGate(decisions, broker), pool, authority, upstreamTls);
    try {
      Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ClientSide.initialize(ch.pipeline(), context);
            }
          })
          .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
      return new InjectingProxy(boss, workers, pool, server);
    } catch (InterruptedException | RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      pool.shutdownNow();
      throw e;
    }
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
    server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    decisionPool.shutdownNow();
    boss.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
    workers.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
