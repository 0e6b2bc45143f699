package dev.faramesh.agent.http;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent map keyed by object identity that does not keep its keys alive, for state the
 * agent attaches to JDK request and connection objects it cannot add fields to. Entries whose
 * keys were collected are purged on every write.
 */
public final class WeakIdentityMap<K, V> {

  private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
  private final ReferenceQueue<K> queue = new ReferenceQueue<>();

  public V get(K key) {
    if (key == null || map.isEmpty()) {
      return null;
    }
    return map.get(new Lookup(key));
  }

  public void put(K key, V value) {
    purge();
    map.put(new WeakKey<>(key, queue), value);
  }

  /** The value for {@code key}, creating it with {@code create} when absent. */
  public V computeIfAbsent(K key, java.util.function.Supplier<V> create) {
    V v = get(key);
    if (v != null) {
      return v;
    }
    purge();
    return map.computeIfAbsent(new WeakKey<>(key, queue), k -> create.get());
  }

  public V remove(K key) {
    purge();
    return key == null ? null : map.remove(new Lookup(key));
  }

  public int size() {
    purge();
    return map.size();
  }

  private void purge() {
    Object stale;
    while ((stale = queue.poll()) != null) {
      map.remove(stale);
    }
  }

  /** Held in the map; equal to a {@link Lookup} or another key for the same referent. */
  private static final class WeakKey<K> extends WeakReference<K> {
    private final int hash;

    WeakKey(K referent, ReferenceQueue<K> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      Object mine = get();
      if (mine == null) {
        return false;
      }
      if (o instanceof WeakKey) {
        return mine == ((WeakKey<?>) o).get();
      }
      return o instanceof Lookup && mine == ((Lookup) o).referent;
    }
  }

  /** A short-lived strong key for lookups. */
  private static final class Lookup {
    private final Object referent;
    private final int hash;

    Lookup(Object referent) {
      this.referent = referent;
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (o instanceof WeakKey) {
        return referent == ((WeakKey<?>) o).get();
      }
      return o instanceof Lookup && referent == ((Lookup) o).referent;
    }
  }
}
