package dev.faramesh.agent.install;

import dev.faramesh.agent.config.ConfigException;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Third-party interceptor plugins: every {@code *.jar} in the configured directory, loaded in one
 * class loader whose parent is the agent's own (so plugins see the plugin SPI and the bridge, and
 * nothing of the application), and their {@link InterceptorPlugin}s found with
 * {@link ServiceLoader}. A configured directory that does not exist, or a jar that lists a plugin
 * it cannot load, stops the agent: an operator who configured governance for a framework must not
 * get an agent that silently does not govern it.
 */
public final class PluginJars {

  private PluginJars() {}

  /** The plugins in {@code dir}; none when {@code dir} is {@code null}. */
  public static List<InterceptorPlugin> load(Path dir, ClassLoader agentLoader)
      throws InstallException, ConfigException {
    if (dir == null) {
      return List.of();
    }
    if (!Files.isDirectory(dir)) {
      // A mistyped directory is the operator's configuration, not an internal fault: exit 78.
      throw new ConfigException("the plugin directory " + dir + " does not exist");
    }
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
        jars.add(p.toUri().toURL());
      }
    } catch (IOException e) {
      throw new InstallException("cannot list the plugin directory " + dir + ": " + e, e);
    }
    if (jars.isEmpty()) {
      return List.of();
    }
    ClassLoader loader = new URLClassLoader("faramesh-plugins", jars.toArray(new URL[0]), agentLoader);
    List<InterceptorPlugin> out = new ArrayList<>();
    try {
      for (InterceptorPlugin p : ServiceLoader.load(InterceptorPlugin.class, loader)) {
        if (p.getClass().getClassLoader() == loader) {
          out.add(p);
        }
      }
    } catch (java.util.ServiceConfigurationError | LinkageError e) {
      throw new InstallException("a plugin in " + dir + " could not be loaded: " + e, e);
    }
    return out;
  }
}
