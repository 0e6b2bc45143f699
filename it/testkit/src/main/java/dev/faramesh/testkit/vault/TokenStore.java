package dev.faramesh.testkit.vault;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vault tokens: the root token created at start-up plus the service tokens that logins issue. Each
 * token carries its access rule and, unless it is root, an expiry on the server's clock, so a test
 * can let a login's token lapse.
 */
final class TokenStore {

    /** One token as Vault's token store would describe it. */
    record Token(String id, String accessor, AccessRule rule, String displayName, Map<String, String> meta,
                 Instant created, Duration ttl, Instant expires, boolean renewable) {
        boolean valid(Instant now) {
            return expires == null || now.isBefore(expires);
        }

        long ttlSeconds(Instant now) {
            return expires == null ? 0 : Math.max(0, Duration.between(now, expires).toSeconds());
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    TokenStore(Clock clock) {
        this.clock = clock;
    }

    Token createRoot() {
        Token t = new Token(newId("hvs."), newId(""), AccessRule.ROOT, "root", Map.of(), clock.instant(),
                Duration.ZERO, null, false);
        tokens.put(t.id(), t);
        return t;
    }

    Token create(AccessRule rule, String displayName, Map<String, String> meta, Duration ttl) {
        Instant now = clock.instant();
        Token t = new Token(newId("hvs."), newId(""), rule, displayName, Map.copyOf(meta), now, ttl, now.plus(ttl), true);
        tokens.put(t.id(), t);
        return t;
    }

    /** The token if it exists and has not expired. */
    Optional<Token> lookup(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Token t = tokens.get(id);
        return t != null && t.valid(clock.instant()) ? Optional.of(t) : Optional.empty();
    }

    Token renew(Token t, Duration increment) {
        if (t.expires() == null) {
            return t;
        }
        Duration ttl = increment.isZero() ? t.ttl() : increment;
        Token renewed = new Token(t.id(), t.accessor(), t.rule(), t.displayName(), t.meta(), t.created(), ttl,
                clock.instant().plus(ttl), t.renewable());
        tokens.put(t.id(), renewed);
        return renewed;
    }

    void revoke(String id) {
        tokens.remove(id);
    }

    static String newId(String prefix) {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
