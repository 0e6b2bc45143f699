package dev.faramesh.launcher.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The proxy's connection to the real server for one client connection. It streams the server's
 * response back to the client as it arrives (head, then body chunks, so server-sent events and
 * large downloads are not buffered), pausing the server while the client cannot keep up. Interim
 * {@code 1xx} responses are dropped (the proxy already sent the whole request body). A response
 * that is delimited only by the end of the connection, or a client that asked to close, closes the
 * client connection when it is complete; otherwise the client's next request is read.
 */
final class ServerSide extends ChannelInboundHandlerAdapter {

  private final Channel client;
  private final ClientSide owner;
  private boolean clientKeepAlive;
  private boolean keepAlive;
  private boolean headSent;
  private boolean skipping;
  private boolean waiting;

  ServerSide(Channel client, ClientSide owner) {
    this.client = client;
    this.owner = owner;
  }

  /** A request was sent; its response comes next. */
  void expect(boolean clientKeepAlive) {
    this.clientKeepAlive = clientKeepAlive;
    this.headSent = false;
    this.skipping = false;
    this.waiting = true;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!waiting) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpResponse) {
      HttpResponse r = (HttpResponse) msg;
      int code = r.status().code();
      if (code >= 100 && code < 200 && code != 101) {
        skipping = true;
      } else {
        skipping = false;
        keepAlive = clientKeepAlive && HttpUtil.isKeepAlive(r) && delimited(r);
        r.headers().remove(HttpHeaderNames.KEEP_ALIVE);
        r.headers().remove("proxy-connection");
        if (keepAlive) {
          r.headers().remove(HttpHeaderNames.CONNECTION);
        } else {
          r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        r.setProtocolVersion(HttpVersion.HTTP_1_1);
        headSent = true;
      }
    }
    if (skipping) {
      ReferenceCountUtil.release(msg);
      if (msg instanceof LastHttpContent) {
        skipping = false;
      }
      return;
    }
    if (msg instanceof LastHttpContent) {
      waiting = false;
      boolean again = keepAlive;
      client.writeAndFlush(msg).addListener((ChannelFutureListener) f -> owner.responded(client, again && f.isSuccess()));
      if (!again) {
        ctx.close();
      }
      return;
    }
    if (msg instanceof HttpResponse || msg instanceof HttpContent) {
      client.writeAndFlush(msg);
      if (!client.isWritable()) {
        ctx.channel().config().setAutoRead(false);
      }
      return;
    }
    ReferenceCountUtil.release(msg);
  }

  /** Whether the response's end can be told without closing the connection. */
  private static boolean delimited(HttpResponse r) {
    int code = r.status().code();
    return HttpUtil.isContentLengthSet(r) || HttpUtil.isTransferEncodingChunked(r) || code == 204 || code == 304;
  }

  /** Sending the request failed. */
  void failed(Throwable cause) {
    if (waiting && !headSent) {
      waiting = false;
      client.writeAndFlush(RequestGate.error(HttpResponseStatus.BAD_GATEWAY, "sending the request failed: "
          + cause.getMessage(), HttpVersion.HTTP_1_1)).addListener(ChannelFutureListener.CLOSE);
    } else {
      client.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    owner.serverClosed(ctx.channel());
    if (waiting) {
      // the server went away in the middle of an exchange
      if (!headSent) {
        waiting = false;
        client.writeAndFlush(RequestGate.error(HttpResponseStatus.BAD_GATEWAY, "the server closed the connection "
            + "without a response", HttpVersion.HTTP_1_1)).addListener(ChannelFutureListener.CLOSE);
      } else {
        client.close();
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (waiting && !headSent) {
      waiting = false;
      String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      client.writeAndFlush(RequestGate.error(HttpResponseStatus.BAD_GATEWAY, "the server failed: " + why,
          HttpVersion.HTTP_1_1)).addListener(ChannelFutureListener.CLOSE);
    } else if (waiting) {
      client.close();
    }
    ctx.close();
  }
}
