package dev.faramesh.broker.launcher;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Newline-delimited UTF-8 messages over a connected socket channel (the launcher's Unix domain
 * socket), each read and write bounded by a timeout so that neither side can hang the other, and
 * each line bounded in length so that neither side can make the other buffer without end.
 */
public final class LineChannel implements AutoCloseable {

  /** Longer lines are refused: no message of the protocol comes near this. */
  public static final int MAX_LINE = 256 * 1024;

  private final SocketChannel channel;
  private final Selector selector;
  private final long timeoutMillis;
  private final ByteBuffer in = ByteBuffer.allocate(8192);
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

  public LineChannel(SocketChannel channel, Duration timeout) throws IOException {
    this.channel = channel;
    this.timeoutMillis = Math.max(1, timeout.toMillis());
    channel.configureBlocking(false);
    this.selector = Selector.open();
    in.flip();
  }

  public SocketChannel channel() {
    return channel;
  }

  /** Writes one line (a newline is appended). */
  public void write(String message) throws IOException {
    ByteBuffer out = ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8));
    long deadline = System.currentTimeMillis() + timeoutMillis;
    SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
    try {
      while (out.hasRemaining()) {
        if (channel.write(out) == 0) {
          await(deadline, "writing to");
        }
      }
    } finally {
      key.cancel();
      selector.selectNow();
    }
  }

  /** Reads the next line without its newline; {@link EOFException} when the peer closed. */
  public String read() throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
    try {
      while (true) {
        while (in.hasRemaining()) {
          byte b = in.get();
          if (b == '\n') {
            String s = line.toString(StandardCharsets.UTF_8);
            line.reset();
            return s;
          }
          if (line.size() >= MAX_LINE) {
            throw new IOException("message longer than " + MAX_LINE + " bytes");
          }
          line.write(b);
        }
        in.clear();
        int n = channel.read(in);
        in.flip();
        if (n < 0) {
          throw new EOFException("the other side closed the connection");
        }
        if (n == 0) {
          await(deadline, "reading from");
        }
      }
    } finally {
      key.cancel();
      selector.selectNow();
    }
  }

  private void await(long deadline, String what) throws IOException {
    long left = deadline - System.currentTimeMillis();
    if (left <= 0 || selector.select(left) == 0 && System.currentTimeMillis() >= deadline) {
      throw new SocketTimeoutException("timed out " + what + " the launcher's broker socket after "
          + timeoutMillis + " ms");
    }
    selector.selectedKeys().clear();
  }

  @Override
  public void close() throws IOException {
    try {
      selector.close();
    } finally {
      channel.close();
    }
  }
}
