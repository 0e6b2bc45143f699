package dev.faramesh.broker.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.SourceRef;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The credential registry file that {@code faramesh credential register} writes and the agent and
 * launcher read ({@code .faramesh/credentials.json} in the working directory unless
 * {@code FARAMESH_CREDENTIAL_REGISTRY} or a flag names another). It holds bindings (name, backend,
 * path, field, version, env, hosts, scope, ttl), non-secret backend settings (addresses, regions,
 * projects) and rotation stamps, never a credential value or a token. Changes are made under a file
 * lock and land atomically (written beside, then renamed), one credential per line.
 */
public final class CredentialRegistry {

  /** Where the registry is when nothing says otherwise, relative to the working directory. */
  public static final String DEFAULT_LOCATION = ".faramesh/credentials.json";
  public static final String VARIABLE = "FARAMESH_CREDENTIAL_REGISTRY";
  /** Jackson is only loaded when a registry file exists (a missing file costs one failed open). */
  private static final class Mapper {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  private final Path file;
  private final Map<String, CredentialBinding> credentials = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> backends = new TreeMap<>();
  private final Map<String, String> rotations = new TreeMap<>();

  private CredentialRegistry(Path file) {
    this.file = file;
  }

  /** The registry file: {@code FARAMESH_CREDENTIAL_REGISTRY}, else the default under {@code workingDirectory}. */
  public static Path locate(Map<String, String> environment, Path workingDirectory) {
    String configured = environment.get(VARIABLE);
    return workingDirectory.resolve(configured == null || configured.isBlank() ? DEFAULT_LOCATION : configured);
  }

  /** Reads the registry; a missing file is an empty registry. */
  public static CredentialRegistry read(Path file) throws RegistryException {
    CredentialRegistry r = new CredentialRegistry(file);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return r;
    } catch (IOException e) {
      throw new RegistryException("cannot read the credential registry " + file + ": " + e.getMessage(), e);
    }
    try (JsonParser p = Mapper.JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new RegistryException(file + " is not a credential registry (expected a JSON object)");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (field.equals("credentials") && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            int line = p.currentTokenLocation().getLineNr();
            JsonNode n = p.readValueAsTree();
            CredentialBinding b = binding(n, new SourceRef(file.toString(), line, 1));
            r.credentials.put(b.name(), b);
          }
        } else if (field.equals("backends") && t == JsonToken.START_OBJECT) {
          JsonNode n = p.readValueAsTree();
          n.properties().forEach(e -> {
            Map<String, String> settings = new TreeMap<>();
            e.getValue().properties().forEach(s -> settings.put(s.getKey(), s.getValue().asText()));
            r.backends.put(e.getKey(), settings);
          });
        } else if (field.equals("rotations") && t == JsonToken.START_OBJECT) {
          JsonNode n = p.readValueAsTree();
          n.properties().forEach(e -> r.rotations.put(e.getKey(), e.getValue().asText()));
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new RegistryException(file + " is not a valid credential registry: " + e.getMessage(), e);
    }
    return r;
  }

  private static CredentialBinding binding(JsonNode n, SourceRef at) {
    String name = text(n, "name");
    String backend = text(n, "backend");
    String path = text(n, "path");
    if (name == null || backend == null || path == null) {
      throw new IllegalArgumentException("the entry at " + at + " needs name, backend and path");
    }
    String ttl = text(n, "ttl");
    Duration d = ttl == null ? Duration.ofMinutes(5) : RegistryDurations.parse(ttl);
    return new CredentialBinding(name, backend, path, strings(n, "env"), strings(n, "hosts"), strings(n, "scope"), d,
        null, at, text(n, "field"), text(n, "version"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode n, String field) {
    List<String> out = new ArrayList<>();
    JsonNode v = n.get(field);
    if (v != null && v.isArray()) {
      v.forEach(item -> out.add(item.asText()));
    }
    return out;
  }

  public Path file() {
    return file;
  }

  public List<CredentialBinding> bindings() {
    return List.copyOf(credentials.values());
  }

  public CredentialBinding binding(String name) {
    return credentials.get(name);
  }

  /** Non-secret settings per backend type. */
  public Map<String, Map<String, String>> backendSettings() {
    return Map.copyOf(backends);
  }

  /** Credential name to the stamp of its last rotation. */
  public Map<String, String> rotations() {
    return Map.copyOf(rotations);
  }

  /** The changes one command makes to the registry. */
  public interface Change {
    void apply(CredentialRegistry registry) throws RegistryException;
  }

  /** Reads, changes and writes the registry under an exclusive lock; returns the result. */
  public static CredentialRegistry update(Path file, Change change) throws RegistryException {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        CredentialRegistry r = read(file);
        change.apply(r);
        r.write();
        return r;
      }
    } catch (IOException e) {
      throw new RegistryException("cannot update the credential registry " + file + ": " + e.getMessage(), e);
    }
  }

  /** Adds or replaces a binding. */
  public void put(CredentialBinding b) {
    credentials.put(b.name(), b);
  }

  public boolean remove(String name) {
    rotations.remove(name);
    return credentials.remove(name) != null;
  }

  /** Keeps a non-secret backend setting (the caller checks it is not a secret). */
  public void backendSetting(String type, String key, String value) {
    backends.computeIfAbsent(type, t -> new TreeMap<>()).put(key, value);
  }

  /** Records that {@code name} was rotated now, which makes running brokers drop its cached value. */
  public void rotated(String name, Instant at) {
    rotations.put(name, at.toString() + "#" + Long.toHexString(System.nanoTime()));
  }

  private void write() throws IOException {
    StringBuilder out = new StringBuilder("{\n  \"version\": 1,\n  \"credentials\": [");
    int k = 0;
    for (CredentialBinding b : credentials.values()) {
      out.append(k++ == 0 ? "\n    " : ",\n    ").append(Mapper.JSON.writeValueAsString(entry(b)));
    }
    out.append(credentials.isEmpty() ? "],\n" : "\n  ],\n");
    out.append("  \"backends\": ").append(Mapper.JSON.writeValueAsString(backends)).append(",\n");
    out.append("  \"rotations\": ").append(Mapper.JSON.writeValueAsString(rotations)).append("\n}\n");
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, out, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // the file holds no secrets; restricting it is only tidiness
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static ObjectNode entry(CredentialBinding b) {
    ObjectNode n = Mapper.JSON.createObjectNode();
    n.put("name", b.name());
    n.put("backend", b.backend());
    n.put("path", b.path());
    if (b.field() != null) {
      n.put("field", b.field());
    }
    if (b.version() != null) {
      n.put("version", b.version());
    }
    array(n, "env", b.env());
    array(n, "hosts", b.hosts());
    array(n, "scope", b.scope());
    n.put("ttl", RegistryDurations.format(b.ttl()));
    return n;
  }

  private static void array(ObjectNode n, String field, List<String> values) {
    ArrayNode a = n.putArray(field);
    values.forEach(a::add);
  }
}
