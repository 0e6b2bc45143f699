package dev.faramesh.agent.http.urlconnection;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reads and copies {@code sun.net.www.MessageHeader}, the JDK-internal request head of
 * {@code HttpURLConnection}, through method handles; the agent opens {@code java.base}'s
 * {@code sun.net.www} packages to its own module at start-up for this. Entry 0 of a request head
 * is the request line, stored as a key without a value.
 */
final class MessageHeaders {

  private final MethodHandle create;
  private final MethodHandle add;
  private final MethodHandle getKey;
  private final MethodHandle getValue;
  private final VarHandle count;
  private final VarHandle requests;

  MessageHeaders() throws ReflectiveOperationException {
    Class<?> type = Class.forName("sun.net.www.MessageHeader", false, null);
    MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
    create = lookup.findConstructor(type, MethodType.methodType(void.class));
    add = lookup.findVirtual(type, "add", MethodType.methodType(void.class, String.class, String.class));
    getKey = lookup.findVirtual(type, "getKey", MethodType.methodType(String.class, int.class));
    getValue = lookup.findVirtual(type, "getValue", MethodType.methodType(String.class, int.class));
    count = lookup.findVarHandle(type, "nkeys", int.class);
    Class<?> connection = Class.forName("sun.net.www.protocol.http.HttpURLConnection", false, null);
    requests = MethodHandles.privateLookupIn(connection, MethodHandles.lookup()).findVarHandle(connection, "requests", type);
  }

  /** The connection's current request head, or {@code null}. */
  Object requestsOf(Object connection) {
    return requests.get(connection);
  }

  /** Every key and value of a head, for looking at without changing it. */
  List<String> texts(Object head) {
    List<String> out = new ArrayList<>();
    if (head == null) {
      return out;
    }
    synchronized (head) {
      int n = (int) count.get(head);
      for (int i = 0; i < n; i++) {
        String k = key(head, i);
        String v = value(head, i);
        if (v == null) {
          if (k != null) {
            out.add(k);
          }
        } else {
          out.add(v);
        }
      }
    }
    return out;
  }

  /**
   * A copy of {@code head} with {@code line} applied to the request line and {@code value} to each
   * header value, or {@code head} itself when neither changed anything.
   */
  Object rewrite(Object head, UnaryOperator<String> line, UnaryOperator<String> value) {
    synchronized (head) {
      int n = (int) count.get(head);
      String[] keys = new String[n];
      String[] values = new String[n];
      boolean changed = false;
      for (int i = 0; i < n; i++) {
        String k = key(head, i);
        String v = value(head, i);
        if (v == null && k != null) {
          String nk = line.apply(k);
          changed |= !nk.equals(k);
          k = nk;
        } else if (v != null) {
          String nv = value.apply(v);
          changed |= !nv.equals(v);
          v = nv;
        }
        keys[i] = k;
        values[i] = v;
      }
      if (!changed) {
        return head;
      }
      try {
        Object copy = create.invoke();
        for (int i = 0; i < n; i++) {
          add.invoke(copy, keys[i], values[i]);
        }
        return copy;
      } catch (Throwable t) {
        // Without a copy the head goes out with placeholders only: nothing leaks.
        return head;
      }
    }
  }

  private String key(Object head, int i) {
    try {
      return (String) getKey.invoke(head, i);
    } catch (Throwable t) {
      return null;
    }
  }

  private String value(Object head, int i) {
    try {
      return (String) getValue.invoke(head, i);
    } catch (Throwable t) {
      return null;
    }
  }
}
