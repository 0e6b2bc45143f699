package dev.faramesh.testkit.aws;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Secrets Manager's data model: secrets addressed by name or ARN, each with versions identified by a
 * UUID and labelled with staging labels. Adding a version that takes {@code AWSCURRENT} moves the
 * label from the old current version, which becomes {@code AWSPREVIOUS}, exactly one version holding
 * each label at a time.
 */
final class SecretStore {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    private static final String ARN_SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One version; exactly one of {@code string} and {@code binary} is set. */
    record Version(String id, String string, byte[] binary, Instant created, Set<String> stages) {
    }

    /** One secret and its versions, oldest first. */
    static final class Secret {
        final String name;
        final String arn;
        final Instant created;
        final String description;
        Instant lastChanged;
        final Map<String, Version> versions = new LinkedHashMap<>();

        Secret(String name, String arn, Instant created, String description) {
            this.name = name;
            this.arn = arn;
            this.created = created;
            this.description = description;
            this.lastChanged = created;
        }

        Optional<Version> byStage(String stage) {
            return versions.values().stream().filter(v -> v.stages().contains(stage)).findFirst();
        }
    }

    private final Map<String, Secret> byName = new LinkedHashMap<>();
    private final String region;
    private final String account;

    SecretStore(String region, String account) {
        this.region = region;
        this.account = account;
    }

    synchronized Optional<Secret> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Secret s = byName.get(id);
        if (s != null) {
            return Optional.of(s);
        }
        return byName.values().stream().filter(x -> x.arn.equals(id)).findFirst();
    }

    synchronized Secret create(String name, String description, Instant now) {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(ARN_SUFFIX_CHARS.charAt(RANDOM.nextInt(ARN_SUFFIX_CHARS.length())));
        }
        String arn = "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + name + "-" + suffix;
        Secret s = new Secret(name, arn, now, description);
        byName.put(name, s);
        return s;
    }

    /**
     * Adds a version. With {@code stages} containing AWSCURRENT the previous current version is
     * relabelled AWSPREVIOUS; any label given is removed from the version that held it.
     */
    synchronized Version addVersion(Secret s, String versionId, String string, byte[] binary, List<String> stages, Instant now) {
        String id = versionId == null ? UUID.randomUUID().toString() : versionId;
        Set<String> labels = new HashSet<>(stages);
        if (labels.contains(CURRENT)) {
            s.byStage(CURRENT).ifPresent(old -> {
                s.byStage(PREVIOUS).ifPresent(p -> p.stages().remove(PREVIOUS));
                old.stages().remove(CURRENT);
                old.stages().add(PREVIOUS);
            });
        }
        for (String label : labels) {
            if (!label.equals(CURRENT)) {
                s.versions.values().forEach(v -> v.stages().remove(label));
            }
        }
        Version v = new Version(id, string, binary, now, labels);
        s.versions.put(id, v);
        s.lastChanged = now;
        return v;
    }

    synchronized Map<String, List<String>> stages(Secret s) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        s.versions.values().stream().filter(v -> !v.stages().isEmpty())
                .forEach(v -> out.put(v.id(), new ArrayList<>(v.stages())));
        return out;
    }
}
