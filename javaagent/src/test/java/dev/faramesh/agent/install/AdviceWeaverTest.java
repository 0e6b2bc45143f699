package dev.faramesh.agent.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Every hook of every interceptor applies to the JDK running the build, and weaving changes only
 * method bodies, which retransformation requires. (The integration suites repeat this on each
 * selected JDK with the real jar.)
 */
class AdviceWeaverTest {

  private final AdviceWeaver weaver = new AdviceWeaver(getClass().getClassLoader());

  private static byte[] classFile(String binaryName) throws IOException {
    try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(binaryName.replace('.', '/')
        + ".class")) {
      return in.readAllBytes();
    }
  }

  /** Members and the bridge calls each method makes. */
  private static final class Shape extends ClassVisitor {
    final List<String> members = new ArrayList<>();
    final Map<String, List<String>> bridgeCalls = new HashMap<>();

    Shape() {
      super(Opcodes.ASM9);
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
      members.add("field " + name + descriptor);
      return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
        String[] exceptions) {
      String key = name + descriptor;
      members.add("method " + key);
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
          // the bridge: Faramesh, or AgentHandoff for the thread hand-off advice
          if (owner.equals("dev/faramesh/bootstrap/Faramesh") || owner.equals("dev/faramesh/bootstrap/AgentHandoff")) {
            bridgeCalls.computeIfAbsent(key, k -> new ArrayList<>()).add(method);
          }
        }
      };
    }
  }

  private static Shape shape(byte[] bytes) {
    Shape s = new Shape();
    new ClassReader(bytes).accept(s, 0);
    return s;
  }

  @Test
  void everyHookOfEveryInterceptorWeavesIntoThisJdkWithoutChangingMembers() throws Exception {
    Map<String, List<Hook>> byType = new HashMap<>();
    for (InterceptorPlugin p : HookInstaller.plugins(getClass().getClassLoader())) {
      for (Hook h : p.hooks()) {
        byType.computeIfAbsent(h.typeName(), k -> new ArrayList<>()).add(h);
      }
    }
    assertThat(byType).containsKeys("java.lang.System", "java.lang.ProcessBuilder",
        "jdk.internal.net.http.HttpClientImpl", "jdk.internal.net.http.MultiExchange",
        "jdk.internal.net.http.Http1Request", "jdk.internal.net.http.Stream",
        "sun.net.www.protocol.http.HttpURLConnection", "sun.net.www.http.HttpClient",
        "java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.FutureTask",
        "java.util.concurrent.CompletableFuture", "java.lang.Thread");
    for (Map.Entry<String, List<Hook>> e : byType.entrySet()) {
      if (ClassLoader.getPlatformClassLoader().getResource(e.getKey().replace('.', '/') + ".class") == null) {
        continue; // a library's type (OkHttp, Apache HttpClient, ...): woven in it/frameworks on each version
      }
      byte[] original = classFile(e.getKey());
      byte[] woven = weaver.weave(e.getKey(), null, original, e.getValue());
      Shape before = shape(original);
      Shape after = shape(woven);
      assertThat(after.members).as(e.getKey()).isEqualTo(before.members);
      assertThat(before.bridgeCalls).isEmpty();
      assertThat(after.bridgeCalls).as(e.getKey()).isNotEmpty();
    }
  }

  @Test
  void getenvCallsTheBridge() throws Exception {
    byte[] woven = weaver.weave("java.lang.System", null, classFile("java.lang.System"),
        new dev.faramesh.interceptors.env.GetenvInterceptor().hooks());
    Shape s = shape(woven);
    assertThat(s.bridgeCalls).containsEntry("getenv(Ljava/lang/String;)Ljava/lang/String;", List.of("getenv"))
        .containsEntry("getenv()Ljava/util/Map;", List.of("getenvAll"));
  }

  @Test
  void aHookThatMatchesNothingIsAnErrorNotASilentGap() {
    Hook renamed = new Hook("java.lang.System", "getenvironment", null, "dev.faramesh.interceptors.env.GetenvAdvice");
    assertThatThrownBy(() -> weaver.weave("java.lang.System", null, classFile("java.lang.System"), List.of(renamed)))
        .hasMessageContaining("no method of java.lang.System matches");
  }
}
