package dev.faramesh.agent;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * Finds the {@code faramesh.jar} the launch classes were loaded from and checks it is the agent jar
 * itself, not an application uber-jar that copied these classes (its manifest must name
 * {@link FarameshPremain}), then opens the isolated {@link FarameshClassLoader} on it.
 */
final class AgentJar {

  final File file;
  final JarFile jar;
  final URL location;

  private AgentJar(File file, JarFile jar, URL location) {
    this.file = file;
    this.jar = jar;
    this.location = location;
  }

  static AgentJar locate() throws IOException {
    // With Boot-Class-Path the launch classes come from the boot loader, which has no code
    // source; the class file's own URL names the jar either way.
    URL self = AgentJar.class.getResource("AgentJar.class");
    String url = self == null ? null : self.toExternalForm();
    int bang = url == null ? -1 : url.indexOf("!/");
    if (url == null || !url.startsWith("jar:") || bang < 0) {
      throw new IOException("cannot tell which jar the faramesh agent was loaded from (" + url + ")");
    }
    File file;
    try {
      file = new File(new URI(url.substring(4, bang)));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("cannot open the faramesh agent jar at " + url, e);
    }
    JarFile jar = new JarFile(file, false);
    Attributes main = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes();
    String premain = main == null ? null : main.getValue("Premain-Class");
    if (!FarameshPremain.class.getName().equals(premain)) {
      jar.close();
      throw new IOException(file + " is not faramesh.jar (its manifest does not name " + FarameshPremain.class.getName()
          + "); use the faramesh.jar from the release, not a copy of its classes inside another jar");
    }
    return new AgentJar(file, jar, file.toURI().toURL());
  }

  FarameshClassLoader classLoader() throws IOException {
    return new FarameshClassLoader(jar, location);
  }
}
