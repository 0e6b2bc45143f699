package dev.faramesh.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The agent's own class loader. It reads everything under {@code inst/} of {@code faramesh.jar},
 * where classes are stored as {@code .classdata} so that no application class loader, classpath
 * scanner or framework can find them, and its parent is the platform loader, so the agent sees the
 * JDK (including {@code java.net.http}) and the bootstrap bridge but never an application class.
 * Resources named {@code x/Y.class} resolve to {@code inst/x/Y.classdata} so Byte Buddy can read
 * advice bytes. The build flattens multi-release dependencies to their base classes (the shade
 * step cannot relocate versioned entries), so there are no versioned entries to choose from.
 */
public final class FarameshClassLoader extends ClassLoader {

  static final String PREFIX = "inst/";
  private static final String CLASSDATA = ".classdata";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain domain;

  public FarameshClassLoader(JarFile jar, URL location) throws IOException {
    super("faramesh", ClassLoader.getPlatformClassLoader());
    this.jar = jar;
    this.jarUrl = "jar:" + location.toExternalForm() + "!/";
    this.domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    String entryName = PREFIX + name.replace('.', '/') + CLASSDATA;
    JarEntry entry = jar.getJarEntry(entryName);
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = readAll(in, (int) entry.getSize());
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  private static byte[] readAll(InputStream in, int size) throws IOException {
    if (size >= 0) {
      return in.readNBytes(size);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  private String entryForResource(String name) {
    String path = name.endsWith(".class") ? name.substring(0, name.length() - 6) + CLASSDATA : name;
    return PREFIX + path;
  }

  @Override
  protected URL findResource(String name) {
    String entryName = entryForResource(name);
    if (jar.getJarEntry(entryName) == null) {
      return null;
    }
    try {
      return new URL(jarUrl + entryName);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
  }

  @Override
  public InputStream getResourceAsStream(String name) {
    // Read our own entries straight from the open jar instead of through a jar: URL connection.
    JarEntry entry = jar.getJarEntry(entryForResource(name));
    if (entry != null) {
      try {
        return jar.getInputStream(entry);
      } catch (IOException e) {
        return null;
      }
    }
    return super.getResourceAsStream(name);
  }
}
