package dev.faramesh.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the child learns to trust the run's CA, and whom the proxy goes on trusting for it. Two
 * files go into the run directory: {@code trust.pem} (the run's CA, the system's CA bundle and
 * every CA file the launcher's environment named) for {@code SSL_CERT_FILE} (OpenSSL, Python's
 * {@code ssl}), {@code REQUESTS_CA_BUNDLE}, {@code CURL_CA_BUNDLE} and {@code AWS_CA_BUNDLE}, which
 * replace the default roots; and {@code node-ca.pem} (the run's CA and the user's own
 * {@code NODE_EXTRA_CA_CERTS}) for {@code NODE_EXTRA_CA_CERTS}, which adds to Node's roots. Hosts
 * the child reaches directly ({@code --no-proxy}) therefore still verify.
 */
final class ChildTrust {

  /** Variables naming CA files that replace a client's default trust. */
  static final List<String> BUNDLE_VARIABLES = List.of("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
      "AWS_CA_BUNDLE");
  static final String NODE_VARIABLE = "NODE_EXTRA_CA_CERTS";
  /** Where distributions keep the system's CA bundle; the first that exists is used. */
  private static final List<String> SYSTEM_BUNDLES = List.of("/etc/ssl/certs/ca-certificates.crt",
      "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem", "/etc/ssl/ca-bundle.pem");

  private final Path bundle;
  private final Path node;
  private final Path caOnly;
  private final List<Path> userFiles;

  private ChildTrust(Path bundle, Path node, Path caOnly, List<Path> userFiles) {
    this.bundle = bundle;
    this.node = node;
    this.caOnly = caOnly;
    this.userFiles = userFiles;
  }

  /** The readable CA files the launcher's environment names. */
  static List<Path> userFiles(Map<String, String> environment) {
    List<Path> user = new ArrayList<>();
    for (String v : BUNDLE_VARIABLES) {
      addFile(user, environment.get(v));
    }
    addFile(user, environment.get(NODE_VARIABLE));
    return List.copyOf(user);
  }

  static ChildTrust write(RunDirectory run, String caPem, Map<String, String> environment) throws IOException {
    List<Path> user = userFiles(environment);
    StringBuilder all = new StringBuilder(caPem);
    for (String s : SYSTEM_BUNDLES) {
      Path p = Path.of(s);
      if (Files.isReadable(p)) {
        append(all, p);
        break;
      }
    }
    for (Path p : user) {
      append(all, p);
    }
    StringBuilder nodeCas = new StringBuilder(caPem);
    String nodeExtra = environment.get(NODE_VARIABLE);
    if (nodeExtra != null && Files.isReadable(Path.of(nodeExtra))) {
      append(nodeCas, Path.of(nodeExtra));
    }
    Path ca = run.writePrivate("ca.pem", caPem);
    Path bundle = run.writePrivate("trust.pem", all.toString());
    Path node = run.writePrivate("node-ca.pem", nodeCas.toString());
    return new ChildTrust(bundle, node, ca, List.copyOf(user));
  }

  private static void addFile(List<Path> out, String value) {
    if (value != null && !value.isBlank()) {
      Path p = Path.of(value);
      if (Files.isRegularFile(p) && Files.isReadable(p) && !out.contains(p)) {
        out.add(p);
      }
    }
  }

  private static void append(StringBuilder sb, Path file) throws IOException {
    if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
      sb.append('\n');
    }
    sb.append(Files.readString(file, StandardCharsets.ISO_8859_1));
  }

  /** The CA files the user's environment named: the proxy trusts them for its own connections. */
  List<Path> userFiles() {
    return userFiles;
  }

  /** The run's CA certificate alone. */
  Path caCertificate() {
    return caOnly;
  }

  /** The child's certificate variables. */
  Map<String, String> variables() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String v : BUNDLE_VARIABLES) {
      out.put(v, bundle.toString());
    }
    out.put(NODE_VARIABLE, node.toString());
    out.put("FARAMESH_CA_CERT", caOnly.toString());
    return out;
  }
}
