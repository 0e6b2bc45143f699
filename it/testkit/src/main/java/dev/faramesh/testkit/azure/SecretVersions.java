package dev.faramesh.testkit.azure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Key Vault's secret model: a name with versions identified by 32 hex characters; the newest version
 * is the one a version-less read returns. Versions can be disabled, which makes reads of them fail
 * with {@code Forbidden} as in Key Vault.
 */
final class SecretVersions {

    /** One version of one secret. */
    static final class Version {
        final String id;
        final String value;
        final String contentType;
        final Instant created;
        Instant updated;
        boolean enabled = true;

        Version(String id, String value, String contentType, Instant created) {
            this.id = id;
            this.value = value;
            this.contentType = contentType;
            this.created = created;
            this.updated = created;
        }
    }

    private final Map<String, List<Version>> secrets = new LinkedHashMap<>();

    synchronized Version add(String name, String value, String contentType, Instant now) {
        Version v = new Version(UUID.randomUUID().toString().replace("-", ""), value, contentType, now);
        secrets.computeIfAbsent(name, n -> new ArrayList<>()).add(v);
        return v;
    }

    /** The newest version for an empty {@code version}, otherwise that version. */
    synchronized Optional<Version> find(String name, String version) {
        List<Version> versions = secrets.get(name);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        if (version == null || version.isEmpty()) {
            return Optional.of(versions.get(versions.size() - 1));
        }
        return versions.stream().filter(v -> v.id.equalsIgnoreCase(version)).findFirst();
    }

    synchronized List<Version> versions(String name) {
        return List.copyOf(secrets.getOrDefault(name, List.of()));
    }

    synchronized List<String> names() {
        return List.copyOf(secrets.keySet());
    }
}
