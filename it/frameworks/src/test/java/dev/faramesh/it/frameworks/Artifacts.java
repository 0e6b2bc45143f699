package dev.faramesh.it.frameworks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorRequest;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves one version of a library line to a class path, the way Maven would for an application
 * depending on it: the listed artifacts and their runtime dependencies, with the given BOMs'
 * dependency management applied (BOMs as {@code group:artifact:pom:version}), from the build's local repository and Maven Central. This is
 * what lets a version of the matrix be added by editing one list in the pom.
 */
final class Artifacts {

  private static final RepositorySystem SYSTEM = new RepositorySystemSupplier().get();
  private static final RemoteRepository CENTRAL =
      new RemoteRepository.Builder("central", "default", "https://repo.maven.apache.org/maven2/").build();
  private static final Map<List<String>, List<Path>> RESOLVED = new ConcurrentHashMap<>();

  private Artifacts() {}

  /** The jars of {@code coordinates} ({@code group:artifact:version}) and their dependencies. */
  static List<Path> classpath(List<String> coordinates, List<String> boms) {
    List<String> key = new ArrayList<>(coordinates);
    key.add("|");
    key.addAll(boms);
    return RESOLVED.computeIfAbsent(key, k -> aligned(coordinates, boms));
  }

  /**
   * Resolves, then, if Jackson's modules came out at different versions (nearest-wins picks an
   * older jackson-core from some transitive dependency than the jackson-databind the framework
   * asks for, which fails at run time), resolves again with the {@code jackson-bom} of that
   * jackson-databind version, as an application importing Jackson's BOM would.
   */
  private static List<Path> aligned(List<String> coordinates, List<String> boms) {
    List<Path> first = resolve(coordinates, boms);
    String databind = null;
    String core = null;
    for (Path p : first) {
      String f = p.getFileName().toString();
      if (f.startsWith("jackson-databind-2.")) {
        databind = f.substring("jackson-databind-".length(), f.length() - ".jar".length());
      } else if (f.startsWith("jackson-core-2.")) {
        core = f.substring("jackson-core-".length(), f.length() - ".jar".length());
      }
    }
    if (databind == null || databind.equals(core)) {
      return first;
    }
    List<String> withJackson = new ArrayList<>(boms);
    withJackson.add("com.fasterxml.jackson:jackson-bom:pom:" + databind);
    return resolve(coordinates, withJackson);
  }

  static String joined(List<Path> jars) {
    StringBuilder sb = new StringBuilder();
    for (Path p : jars) {
      if (sb.length() > 0) {
        sb.append(java.io.File.pathSeparatorChar);
      }
      sb.append(p);
    }
    return sb.toString();
  }

  private static List<Path> resolve(List<String> coordinates, List<String> boms) {
    DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
    // as Maven does: POM profiles activate on the JDK and OS; without them some descriptors fail
    // to build and, silently, resolve without dependencies
    session.setSystemProperties(System.getProperties());
    String local = System.getProperty("faramesh.it.local-repository",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    session.setLocalRepositoryManager(SYSTEM.newLocalRepositoryManager(session, new LocalRepository(local)));
    try {
      CollectRequest collect = new CollectRequest();
      collect.setRepositories(List.of(CENTRAL));
      List<Dependency> managed = new ArrayList<>();
      for (String bom : boms) {
        ArtifactDescriptorRequest d = new ArtifactDescriptorRequest(new DefaultArtifact(bom), List.of(CENTRAL), null);
        managed.addAll(SYSTEM.readArtifactDescriptor(session, d).getManagedDependencies());
      }
      collect.setManagedDependencies(managed);
      for (String c : coordinates) {
        collect.addDependency(new Dependency(new DefaultArtifact(c), JavaScopes.RUNTIME));
      }
      DependencyRequest request = new DependencyRequest(collect,
          DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
      List<Path> out = new ArrayList<>();
      for (ArtifactResult r : SYSTEM.resolveDependencies(session, request).getArtifactResults()) {
        out.add(r.getArtifact().getFile().toPath());
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException("cannot resolve " + coordinates + " (BOMs " + boms + "): " + e, e);
    }
  }
}
