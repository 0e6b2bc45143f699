package dev.faramesh.agent.http.apacheasync;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe map keyed by object identity that does not keep its keys alive: the async
 * client's scopes and requests cross threads, so what was decided for them is kept next to them
 * rather than on a thread, and goes when the library drops them.
 */
final class WeakIdentityMap<V> {

  private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
  private final Map<Key, V> map = new ConcurrentHashMap<>();

  private static final class Key extends WeakReference<Object> {
    private final int hash;

    Key(Object referent, ReferenceQueue<Object> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof Key)) {
        return false;
      }
      Object mine = get();
      return mine != null && mine == ((Key) other).get();
    }
  }

  V get(Object key) {
    expunge();
    return map.get(new Key(key, null));
  }

  void put(Object key, V value) {
    expunge();
    map.put(new Key(key, queue), value);
  }

  int size() {
    expunge();
    return map.size();
  }

  private void expunge() {
    Reference<?> r;
    while ((r = queue.poll()) != null) {
      map.remove(r);
    }
  }
}
