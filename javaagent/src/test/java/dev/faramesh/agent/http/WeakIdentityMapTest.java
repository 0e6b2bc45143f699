package dev.faramesh.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

  /** Equal but distinct keys, like two copies of one HTTP request. */
  record Key(String name) {}

  @Test
  void keysAreComparedByIdentity() {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    Key a = new Key("GET /");
    Key copy = new Key("GET /");
    map.put(a, "plan");
    assertThat(map.get(a)).isEqualTo("plan");
    assertThat(map.get(copy)).isNull();
  }

  @Test
  void entriesGoWithTheirKeys() throws Exception {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    Key kept = new Key("kept");
    map.put(kept, "kept");
    for (int i = 0; i < 100; i++) {
      map.put(new Key("dropped " + i), "dropped");
    }
    for (int i = 0; i < 50 && map.size() > 1; i++) {
      System.gc();
      List<byte[]> pressure = new ArrayList<>();
      pressure.add(new byte[1 << 20]);
      Thread.sleep(20);
    }
    assertThat(map.size()).isEqualTo(1);
    assertThat(map.get(kept)).isEqualTo("kept");
  }
}
