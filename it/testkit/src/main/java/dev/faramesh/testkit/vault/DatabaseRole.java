package dev.faramesh.testkit.vault;

import java.time.Duration;

/**
 * A role of the database secrets engine: each read of {@code database/creds/{name}} issues a fresh
 * username and password under a lease of {@code ttl}, renewable up to {@code maxTtl} after issue
 * unless {@code renewable} is false.
 */
public record DatabaseRole(String name, Duration ttl, Duration maxTtl, boolean renewable) {
}
