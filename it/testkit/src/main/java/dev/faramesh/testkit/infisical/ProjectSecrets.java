package dev.faramesh.testkit.infisical;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Infisical's secret model: a secret is addressed by project, environment slug, folder path and key,
 * and every write adds a numbered version (from 1); reads take the latest or a given version.
 */
final class ProjectSecrets {

    /** Where a secret lives. */
    record Location(String projectId, String environment, String path, String key) {
    }

    /** One version of one secret. */
    record Version(String id, int version, String value, Instant created) {
    }

    private final Map<Location, List<Version>> secrets = new LinkedHashMap<>();

    synchronized Version put(Location at, String value, Instant now) {
        List<Version> versions = secrets.computeIfAbsent(at, l -> new ArrayList<>());
        String id = versions.isEmpty() ? UUID.randomUUID().toString() : versions.get(0).id();
        Version v = new Version(id, versions.size() + 1, value, now);
        versions.add(v);
        return v;
    }

    /** The latest version when {@code version} is null. */
    synchronized Optional<Version> get(Location at, Integer version) {
        List<Version> versions = secrets.get(at);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        if (version == null) {
            return Optional.of(versions.get(versions.size() - 1));
        }
        return version >= 1 && version <= versions.size() ? Optional.of(versions.get(version - 1)) : Optional.empty();
    }

    /** Latest versions of every secret directly in a folder. */
    synchronized Map<Location, Version> list(String projectId, String environment, String path) {
        Map<Location, Version> out = new LinkedHashMap<>();
        secrets.forEach((at, versions) -> {
            if (at.projectId().equals(projectId) && at.environment().equals(environment) && at.path().equals(path)) {
                out.put(at, versions.get(versions.size() - 1));
            }
        });
        return out;
    }

    synchronized Optional<Instant> firstCreated(Location at) {
        List<Version> versions = secrets.get(at);
        return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(0).created());
    }
}
