package dev.faramesh.testkit.vault;

import java.util.List;

/**
 * A simplified Vault ACL: the API paths (without {@code /v1/}) a token may use. A pattern ending in
 * {@code *} matches by prefix, {@code "*"} alone matches everything, anything else must match exactly,
 * as in Vault's policy path globs. Capabilities are not modelled: a matching path allows every method.
 */
public record AccessRule(String name, List<String> paths) {

    public static final AccessRule ROOT = new AccessRule("root", List.of("*"));

    public static AccessRule of(String name, String... paths) {
        return new AccessRule(name, List.of(paths));
    }

    public boolean allows(String apiPath) {
        for (String p : paths) {
            if (p.equals("*")) {
                return true;
            }
            if (p.endsWith("*") ? apiPath.startsWith(p.substring(0, p.length() - 1)) : apiPath.equals(p)) {
                return true;
            }
        }
        return false;
    }
}
