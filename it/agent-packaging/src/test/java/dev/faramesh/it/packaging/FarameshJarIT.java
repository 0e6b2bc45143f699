package dev.faramesh.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code faramesh.jar} holds: a tiny root, everything else isolated and relocated. */
class FarameshJarIT {

  private static final Pattern ROOT = Pattern.compile(
      "META-INF/|META-INF/MANIFEST\\.MF|dev/|dev/faramesh/|dev/faramesh/agent/|dev/faramesh/bootstrap/"
          + "|dev/faramesh/agent/(FarameshPremain|FarameshMain|FarameshClassLoader|AgentJar)(\\$[A-Za-z0-9$]+)?\\.class"
          + "|dev/faramesh/bootstrap/[A-Za-z0-9$]+\\.class");

  private static final List<String> LAUNCH = List.of("dev/faramesh/agent/FarameshPremain.class",
      "dev/faramesh/agent/FarameshMain.class", "dev/faramesh/agent/FarameshClassLoader.class");

  private static final Path JAR = Path.of(System.getProperty("faramesh.jar"));

  @Test
  void theRootHoldsOnlyTheManifestTheLaunchClassesAndTheBridge() throws IOException {
    List<String> root = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (JarEntry e : Collections.list(jar.entries())) {
        if (!e.getName().startsWith("inst/")) {
          root.add(e.getName());
        }
      }
    }
    assertThat(root).allSatisfy(name -> assertThat(name).matches(ROOT));
    assertThat(root).containsAll(LAUNCH).contains("dev/faramesh/bootstrap/Faramesh.class",
        "dev/faramesh/bootstrap/Dispatcher.class", "dev/faramesh/bootstrap/FarameshDeniedException.class",
        "dev/faramesh/bootstrap/FarameshDeniedIOException.class");
  }

  /**
   * Third-party packages that keep their names under {@code inst/}, each with why. Shade rewrites
   * every string constant that names a relocated class, and the interceptors name the application's
   * classes of these packages as strings (hook targets, reflective types): relocating them would make
   * those hooks miss. Like everything under {@code inst/} they are loaded only by the agent's isolated
   * loader (parent: the platform loader), so the application never sees them.
   */
  private static final List<String> UNRELOCATED = List.of(
      // OkHttp (1Password Connect's client): the OkHttp interceptor hooks the application's okhttp3.*
      "inst/okhttp3/",
      // Reactor (Azure SDK): the MCP interceptor builds refusals with the application's reactor.core.publisher.Mono
      "inst/reactor/",
      // Apache HttpClient 4 and 5: the Apache interceptors hook the application's org.apache.http / org.apache.hc
      "inst/org/apache/http/", "inst/org/apache/hc/");

  @Test
  void everythingElseIsClassdataUnderInstWithThirdPartyCodeRelocated() throws IOException {
    List<String> classes = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (JarEntry e : Collections.list(jar.entries())) {
        String n = e.getName();
        if (n.startsWith("inst/")) {
          assertThat(n).as("no loadable class under inst/").doesNotEndWith(".class");
          if (n.endsWith(".classdata")) {
            classes.add(n);
          }
        }
      }
    }
    assertThat(classes).allSatisfy(n -> assertThat(n.startsWith("inst/dev/faramesh/")
        || UNRELOCATED.stream().anyMatch(n::startsWith)).as(n).isTrue());
    assertThat(classes).anyMatch(n -> n.startsWith("inst/dev/faramesh/shaded/bytebuddy/"))
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/shaded/jackson/"))
        // the identity providers' libraries: java-spiffe, gRPC with its own Netty, protobuf, Guava, nimbus, the AWS signer
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/shaded/io/spiffe/"))
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/shaded/grpc/io/netty/channel/epoll/"))
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/shaded/protobuf/"))
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/shaded/guava/"))
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/shaded/com/nimbusds/jose/"))
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/shaded/software/amazon/awssdk/"))
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/agent/engine/"))
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/policy/"))
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/interceptors/"))
        .noneMatch(n -> n.startsWith("inst/dev/faramesh/bootstrap/"));
  }

  /**
   * Netty loads a native library as {@code lib<prefix>netty_transport_native_epoll_<arch>.so}, the
   * prefix being the package it was relocated to, and the native code registers its methods on the
   * classes of the package it reads back from the file name: every native library must be named
   * after a relocated Netty that is in the jar, or the SPIFFE transport silently falls back or fails.
   */
  @Test
  void nativeLibrariesAreNamedAfterTheRelocatedNettyThatLoadsThem() throws IOException {
    List<String> natives = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (JarEntry e : Collections.list(jar.entries())) {
        String n = e.getName();
        if (n.startsWith("inst/META-INF/native/") && !e.isDirectory()) {
          natives.add(n);
          String file = n.substring("inst/META-INF/native/".length());
          String base = file.startsWith("lib") ? file.substring(3) : file;
          int netty = Math.max(base.indexOf("netty_transport_native_"), base.indexOf("netty_tcnative_"));
          assertThat(netty).as(file).isPositive();
          String prefix = base.substring(0, netty);
          assertThat(prefix).as(file).startsWith("dev_faramesh_shaded_");
          String loader = "inst/" + prefix.replace('_', '/') + "io/netty/util/internal/NativeLibraryLoader.classdata";
          assertThat(jar.getJarEntry(loader)).as("%s is loaded by %s", file, loader).isNotNull();
        }
      }
    }
    assertThat(natives).contains(
        "inst/META-INF/native/libdev_faramesh_shaded_grpc_netty_transport_native_epoll_x86_64.so");
  }

  /**
   * Every service file names a type of ours or of the JDK (a relocated library's types are ours
   * now) and only providers that are in the jar, so ServiceLoader inside the agent finds what the
   * libraries expect and never an application's provider.
   */
  @Test
  void serviceFilesNameRelocatedTypesAndProvidersThatExist() throws IOException {
    List<String> types = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (JarEntry e : Collections.list(jar.entries())) {
        String n = e.getName();
        if (!n.startsWith("inst/META-INF/services/") || e.isDirectory()) {
          continue;
        }
        String type = n.substring("inst/META-INF/services/".length());
        types.add(type);
        // Reactor's own integrations with the application's BlockHound and Micrometer (see UNRELOCATED)
        assertThat(type.startsWith("dev.faramesh.") || type.startsWith("java.") || type.startsWith("reactor.")
            || type.startsWith("io.micrometer.")).as(type).isTrue();
        String text;
        try (InputStream in = jar.getInputStream(e)) {
          text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (String line : text.split("\\R")) {
          String provider = line.replaceAll("#.*", "").strip();
          if (!provider.isEmpty()) {
            assertThat(jar.getJarEntry("inst/" + provider.replace('.', '/') + ".classdata"))
                .as("%s in %s", provider, type).isNotNull();
          }
        }
      }
    }
    assertThat(types).contains("dev.faramesh.shaded.grpc.ManagedChannelProvider",
        "dev.faramesh.shaded.grpc.NameResolverProvider",
        "dev.faramesh.shaded.software.amazon.awssdk.http.SdkHttpService");
  }

  /**
   * Shade rewrites every string constant that starts with a relocated package, also in our own
   * classes: a hook on an application class of such a package would silently name the relocated
   * copy instead. Our classes in the jar hold exactly the string constants they were compiled with.
   */
  @Test
  void ourClassesKeepTheStringConstantsTheyWereCompiledWith() throws IOException {
    int compared = 0;
    List<String> rewritten = new ArrayList<>();
    try (JarFile agent = new JarFile(JAR.toFile())) {
      for (String module : System.getProperty("faramesh.it.modules").split(",")) {
        try (JarFile original = new JarFile(module.strip())) {
          for (JarEntry e : Collections.list(original.entries())) {
            String n = e.getName();
            if (!n.endsWith(".class") || !n.startsWith("dev/faramesh/") || n.endsWith("module-info.class")) {
              continue;
            }
            JarEntry shaded = agent.getJarEntry(n);
            if (shaded == null) {
              shaded = agent.getJarEntry("inst/" + n.substring(0, n.length() - 6) + ".classdata");
            }
            assertThat(shaded).as("%s from %s in faramesh.jar", n, module).isNotNull();
            Set<String> before;
            Set<String> after;
            // as sets: shade writes the constant pool anew, in its own order
            try (InputStream in = original.getInputStream(e)) {
              before = new TreeSet<>(ConstantPool.strings(in));
            }
            try (InputStream in = agent.getInputStream(shaded)) {
              after = new TreeSet<>(ConstantPool.strings(in));
            }
            if (!before.equals(after)) {
              Set<String> changed = new TreeSet<>(before);
              changed.removeAll(after);
              rewritten.add(n + ": " + changed);
            }
            compared++;
          }
        }
      }
    }
    assertThat(rewritten).isEmpty();
    assertThat(compared).isGreaterThan(300);
  }

  @Test
  void theManifestMakesItAnAgentAndACommand() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Attributes a = jar.getManifest().getMainAttributes();
      assertThat(a.getValue("Premain-Class")).isEqualTo("dev.faramesh.agent.FarameshPremain");
      assertThat(a.getValue("Main-Class")).isEqualTo("dev.faramesh.agent.FarameshMain");
      assertThat(a.getValue("Boot-Class-Path")).isEqualTo("faramesh.jar");
      assertThat(a.getValue("Can-Retransform-Classes")).isEqualTo("true");
    }
  }

  /**
   * The root classes link against the JDK alone: loaded from a jar of just the root, with only the
   * platform loader behind, every signature of every method resolves.
   */
  @Test
  void theRootClassesNeedNothingButTheJdk(@TempDir Path dir) throws Exception {
    Path rootOnly = dir.resolve("root.jar");
    List<String> classNames = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile());
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(rootOnly))) {
      for (JarEntry e : Collections.list(jar.entries())) {
        if (!e.getName().startsWith("inst/") && e.getName().endsWith(".class")) {
          out.putNextEntry(new JarEntry(e.getName()));
          try (InputStream in = jar.getInputStream(e)) {
            in.transferTo(out);
          }
          out.closeEntry();
          classNames.add(e.getName().replace('/', '.').substring(0, e.getName().length() - 6));
        }
      }
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {rootOnly.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      for (String name : classNames) {
        Class<?> c = Class.forName(name, false, loader);
        for (Method m : c.getDeclaredMethods()) {
          assertThat(m.getReturnType()).isNotNull();
          assertThat(m.getParameterTypes()).isNotNull();
        }
        c.getDeclaredFields();
        c.getDeclaredConstructors();
      }
    }
    assertThat(classNames).hasSizeGreaterThan(8);
  }
}
