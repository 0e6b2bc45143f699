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
    // The identity providers' libraries keep their packages: java-spiffe with gRPC and the Netty gRPC
    // shades itself (its native epoll transport is named after that package, so it cannot be
    // relocated again), protobuf, Guava, nimbus, the AWS signer and their dependencies. Like
    // everything under inst/ they are loaded only by the agent's isolated loader (parent: the
    // platform loader), so the application never sees them (DependencyConflictIT).
    List<String> unrelocated = List.of("inst/io/grpc/", "inst/io/spiffe/", "inst/io/perfmark/", "inst/com/google/",
        "inst/com/nimbusds/", "inst/software/amazon/", "inst/org/apache/commons/", "inst/org/slf4j/",
        "inst/org/reactivestreams/", "inst/org/jspecify/", "inst/javax/annotation/",
        // OkHttp (1Password Connect) and Reactor (Azure SDK): the interceptors name the application's
        // classes of these packages as strings, which relocation would rewrite (see javaagent/pom.xml)
        "inst/okhttp3/", "inst/reactor/");
    assertThat(classes).allSatisfy(n -> assertThat(n.startsWith("inst/dev/faramesh/")
        || unrelocated.stream().anyMatch(n::startsWith)).as(n).isTrue());
    assertThat(classes).anyMatch(n -> n.startsWith("inst/dev/faramesh/shaded/bytebuddy/"))
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/shaded/jackson/"))
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/agent/engine/"))
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/policy/"))
        .anyMatch(n -> n.startsWith("inst/dev/faramesh/interceptors/"))
        .noneMatch(n -> n.startsWith("inst/dev/faramesh/bootstrap/"));
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
