package dev.faramesh.testkit.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One KV version 2 secrets engine: every write adds a numbered version, reads take the latest or a
 * given version, and versions can be soft-deleted, undeleted or destroyed as in Vault. Version numbers
 * start at 1 and never repeat for a path until its metadata is deleted.
 */
final class KvV2Mount {

    /** One version of one secret. {@code data} is null once destroyed. */
    static final class Version {
        final int number;
        final Instant created;
        JsonNode data;
        Instant deleted;
        boolean destroyed;

        Version(int number, JsonNode data, Instant created) {
            this.number = number;
            this.data = data;
            this.created = created;
        }

        boolean readable() {
            return deleted == null && !destroyed;
        }
    }

    /** All versions of one path. */
    static final class Secret {
        final Instant created;
        Instant updated;
        final List<Version> versions = new ArrayList<>();

        Secret(Instant created) {
            this.created = created;
            this.updated = created;
        }

        int current() {
            return versions.isEmpty() ? 0 : versions.get(versions.size() - 1).number;
        }

        Optional<Version> version(int n) {
            return versions.stream().filter(v -> v.number == n).findFirst();
        }
    }

    /** Thrown when a check-and-set write names the wrong current version. */
    static final class CasMismatch extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private final TreeMap<String, Secret> secrets = new TreeMap<>();

    synchronized Version write(String path, JsonNode data, Integer cas, Instant now) throws CasMismatch {
        Secret s = secrets.computeIfAbsent(path, p -> new Secret(now));
        if (cas != null && cas != s.current()) {
            throw new CasMismatch();
        }
        Version v = new Version(s.current() + 1, data, now);
        s.versions.add(v);
        s.updated = now;
        return v;
    }

    /** The version asked for (0 = latest), if it exists at all; the caller checks readability. */
    synchronized Optional<Version> read(String path, int version) {
        Secret s = secrets.get(path);
        if (s == null || s.versions.isEmpty()) {
            return Optional.empty();
        }
        return s.version(version == 0 ? s.current() : version);
    }

    synchronized Optional<Secret> metadata(String path) {
        return Optional.ofNullable(secrets.get(path));
    }

    synchronized void deleteLatest(String path, Instant now) {
        read(path, 0).ifPresent(v -> v.deleted = now);
    }

    synchronized void delete(String path, List<Integer> versions, Instant now) {
        for (int n : versions) {
            read(path, n).ifPresent(v -> v.deleted = now);
        }
    }

    synchronized void undelete(String path, List<Integer> versions) {
        for (int n : versions) {
            read(path, n).filter(v -> !v.destroyed).ifPresent(v -> v.deleted = null);
        }
    }

    synchronized void destroy(String path, List<Integer> versions) {
        for (int n : versions) {
            read(path, n).ifPresent(v -> {
                v.destroyed = true;
                v.data = null;
            });
        }
    }

    synchronized void deleteAll(String path) {
        secrets.remove(path);
    }

    /** Immediate children of a folder, folders with a trailing slash, as Vault's LIST answers. */
    synchronized List<String> list(String folder) {
        String prefix = folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/";
        TreeSet<String> keys = new TreeSet<>();
        for (String p : secrets.keySet()) {
            if (p.startsWith(prefix)) {
                String rest = p.substring(prefix.length());
                int slash = rest.indexOf('/');
                keys.add(slash < 0 ? rest : rest.substring(0, slash + 1));
            }
        }
        return new ArrayList<>(keys);
    }

    synchronized Map<String, Secret> snapshot() {
        return Map.copyOf(secrets);
    }
}
