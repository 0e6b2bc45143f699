package dev.faramesh.launcher.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * One connection from the child to the proxy. A {@code CONNECT host:port} is answered with
 * {@code 200} and the connection becomes a tunnel: if the child then starts TLS, the proxy
 * terminates it with a certificate for that host from the run's CA, and every request inside is
 * handled as a request to that host (plain HTTP inside a tunnel works too). Outside a tunnel,
 * requests must be absolute-form ({@code GET http://host/path}), as HTTP proxies receive them.
 * Each request is decided on the decision pool (one DPR each) while the connection stops reading;
 * a permitted one goes to the server over a connection kept for this client (reused while the
 * destination stays the same), and the response is streamed back as it arrives.
 */
final class ClientSide extends SimpleChannelInboundHandler<FullHttpRequest> {

  private final ProxyContext proxy;
  private Destination tunnel;
  private Channel upstream;
  private Destination upstreamTo;

  ClientSide(ProxyContext proxy) {
    super(false);
    this.proxy = proxy;
  }

  /** The pipeline of a new client connection. */
  static void initialize(ChannelPipeline p, ProxyContext proxy) {
    p.addLast("http", new HttpServerCodec());
    p.addLast("aggregate", new HttpObjectAggregator(ProxyContext.MAX_REQUEST_BODY));
    p.addLast("client", new ClientSide(proxy));
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      request.release();
      respond(ctx, RequestGate.error(HttpResponseStatus.BAD_REQUEST, "malformed request", HttpVersion.HTTP_1_1), false);
      return;
    }
    if (request.method() == HttpMethod.CONNECT) {
      connect(ctx, request);
      return;
    }
    Destination to;
    if (tunnel != null) {
      to = tunnel.withScheme(ctx.pipeline().get(SslHandler.class) != null ? "https" : "http");
    } else {
      to = Destination.fromAbsolute(request.uri());
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (to == null) {
      HttpVersion v = request.protocolVersion();
      request.release();
      respond(ctx, RequestGate.error(HttpResponseStatus.BAD_REQUEST, "send requests to this proxy in absolute form "
          + "(http://host/path) or through CONNECT", v), keepAlive);
      return;
    }
    ctx.channel().config().setAutoRead(false);
    Executor loop = ctx.executor();
    CompletableFuture.supplyAsync(() -> {
      try {
        return proxy.gate().pass(request, to);
      } finally {
        request.release();
      }
    }, proxy.decisionPool()).whenCompleteAsync((passage, failure) -> {
      if (failure != null) {
        respond(ctx, RequestGate.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the request could not be decided",
            HttpVersion.HTTP_1_1), false);
      } else if (passage.refusal() != null) {
        respond(ctx, passage.refusal(), keepAlive);
      } else {
        forward(ctx, to, passage.forward(), keepAlive);
      }
    }, loop);
  }

  /** Answers {@code CONNECT} and turns the connection into a tunnel to the named host. */
  private void connect(ChannelHandlerContext ctx, FullHttpRequest request) {
    Destination to = Destination.fromAuthority(request.uri());
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpVersion v = request.protocolVersion();
    request.release();
    if (to == null || tunnel != null) {
      respond(ctx, RequestGate.error(HttpResponseStatus.BAD_REQUEST, "CONNECT needs host:port", v), keepAlive);
      return;
    }
    SslContext tls;
    try {
      tls = proxy.authority().serverContext(to.host());
    } catch (SSLException e) {
      respond(ctx, RequestGate.error(HttpResponseStatus.BAD_GATEWAY, e.getMessage(), v), false);
      return;
    }
    ctx.channel().config().setAutoRead(false);
    FullHttpResponse ok = new DefaultFullHttpResponse(v, new HttpResponseStatus(200, "Connection Established"));
    ctx.writeAndFlush(ok).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        ctx.close();
        return;
      }
      ChannelPipeline p = ctx.pipeline();
      p.remove("aggregate");
      p.remove("http");
      // TLS when the child starts a handshake, plain HTTP otherwise
      p.addBefore("client", "tls", new OptionalSslHandler(tls));
      p.addBefore("client", "http", new HttpServerCodec());
      p.addBefore("client", "aggregate", new HttpObjectAggregator(ProxyContext.MAX_REQUEST_BODY));
      tunnel = to;
      ctx.channel().config().setAutoRead(true);
    });
  }

  /** Sends a permitted request on, over this client's server connection when it goes to the same place. */
  private void forward(ChannelHandlerContext ctx, Destination to, FullHttpRequest request, boolean keepAlive) {
    if (upstream != null && upstream.isActive() && to.equals(upstreamTo)) {
      send(ctx, upstream, request, keepAlive);
      return;
    }
    if (upstream != null) {
      upstream.close();
    }
    SslContext tls = null;
    if ("https".equals(to.scheme())) {
      try {
        tls = proxy.upstreamTls();
      } catch (CompletionException | CancellationException e) {
        request.release();
        respond(ctx, RequestGate.error(HttpResponseStatus.BAD_GATEWAY, "no TLS context for servers: "
            + e.getCause(), HttpVersion.HTTP_1_1), false);
        return;
      }
    }
    SslContext serverTls = tls;
    upstreamTo = to;
    Bootstrap b = new Bootstrap().group(ctx.channel().eventLoop()).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, ProxyContext.CONNECT_TIMEOUT_MILLIS)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (serverTls != null) {
              SSLEngine engine = serverTls.newEngine(ch.alloc(), to.host(), to.port());
              SSLParameters params = engine.getSSLParameters();
              params.setEndpointIdentificationAlgorithm("HTTPS");
              engine.setSSLParameters(params);
              ch.pipeline().addLast("tls", new SslHandler(engine));
            }
            ch.pipeline().addLast("http", new HttpClientCodec());
            ch.pipeline().addLast("server", new ServerSide(ctx.channel(), ClientSide.this));
          }
        });
    Channel ch = b.connect(to.host(), to.port()).addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        send(ctx, f.channel(), request, keepAlive);
      } else {
        request.release();
        upstream = null;
        respond(ctx, RequestGate.error(HttpResponseStatus.BAD_GATEWAY, "cannot reach " + to + ": "
            + f.cause().getMessage(), HttpVersion.HTTP_1_1), keepAlive);
      }
    }).channel();
    upstream = ch;
  }

  private void send(ChannelHandlerContext ctx, Channel server, FullHttpRequest request, boolean keepAlive) {
    ServerSide side = server.pipeline().get(ServerSide.class);
    side.expect(keepAlive);
    server.writeAndFlush(request).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        side.failed(f.cause());
      }
    });
  }

  /** The response to the current request is complete: read the next request, or close. */
  void responded(Channel client, boolean keepAlive) {
    if (keepAlive) {
      client.config().setAutoRead(true);
      client.read();
    } else {
      client.close();
      if (upstream != null) {
        upstream.close();
      }
    }
  }

  /** The server connection closed between responses; the next request opens another. */
  void serverClosed(Channel server) {
    if (server == upstream) {
      upstream = null;
    }
  }

  private void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> responded(ctx.channel(),
        keepAlive && f.isSuccess()));
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // the server's response waits while the child is slow to read it
    if (upstream != null) {
      upstream.config().setAutoRead(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (upstream != null) {
      upstream.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // a client that drops the connection or fails the handshake (it does not trust the run's CA)
    ctx.close();
  }
}
