package dev.faramesh.launcher.proxy;

import io.netty.handler.ssl.SslContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * What every connection of the proxy shares: the gate that decides and rewrites requests, the
 * pool decisions run on (a decision waits for its DPR to be durable, which must not stall the
 * event loop), the run's CA and the TLS context for connections to real servers.
 */
record ProxyContext(RequestGate gate, ExecutorService decisionPool, RunAuthority authority,
    CompletableFuture<SslContext> upstreamTlsFuture) {

  /** Larger request bodies are refused with 413. */
  static final int MAX_REQUEST_BODY = 64 * 1024 * 1024;
  static final int CONNECT_TIMEOUT_MILLIS = 15_000;

  /** The TLS context for real servers; the first HTTPS request may wait for it to be made. */
  SslContext upstreamTls() {
    return upstreamTlsFuture.join();
  }
}
