package dev.faramesh.agent.http;

import java.util.ArrayDeque;

/**
 * The hops an HTTP client library is sending on this thread, innermost last. OkHttp and Apache
 * HttpClient (classic) run a request's whole exchange synchronously on one thread, from the stage
 * where the hop is decided down to the codec that writes the request head, so the head writer
 * finds the decided hop's {@link WirePlan} here. A library call made while another is in progress
 * on the same thread (an interceptor calling out) gets its own frame.
 */
public final class HopFrames {

  /** One decided hop: the library's request object it was decided for and its plan. */
  public static final class Frame {
    private final Object request;
    private volatile WirePlan plan;

    Frame(Object request, WirePlan plan) {
      this.request = request;
      this.plan = plan;
    }

    public Object request() {
      return request;
    }

    public WirePlan plan() {
      return plan;
    }

    /** The library follows a redirect: the same frame now carries the new hop's plan. */
    public void replace(WirePlan next) {
      WirePlan previous = this.plan;
      this.plan = next;
      // the previous hop's response is in (the library follows it up): its leases are done
      if (previous != null && previous != next && owner != null && !owner.holds(previous)) {
        previous.release();
      }
    }

    private HopFrames owner;
  }

  private final ThreadLocal<ArrayDeque<Frame>> frames = ThreadLocal.withInitial(ArrayDeque::new);

  public Frame push(Object request, WirePlan plan) {
    Frame f = new Frame(request, plan);
    f.owner = this;
    frames.get().addLast(f);
    return f;
  }

  /** The innermost open frame, or {@code null}. */
  public Frame top() {
    return frames.get().peekLast();
  }

  /** Closes {@code frame} (and anything left open above it). */
  public void pop(Frame frame) {
    ArrayDeque<Frame> stack = frames.get();
    if (!stack.contains(frame)) {
      return;
    }
    while (!stack.isEmpty()) {
      Frame f = stack.removeLast();
      // the hop's exchange is over (response or failure): end its leases unless an outer frame
      // of the same exchange (Apache's retry stage around its protocol stage) still holds them
      WirePlan plan = f.plan;
      if (plan != null && !holds(plan)) {
        plan.release();
      }
      if (f == frame) {
        break;
      }
    }
  }

  /** Whether a frame still open on this thread carries {@code plan}. */
  boolean holds(WirePlan plan) {
    for (Frame f : frames.get()) {
      if (f.plan == plan) {
        return true;
      }
    }
    return false;
  }
}
