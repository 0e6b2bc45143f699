package dev.faramesh.testkit;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Secrets and ids for tests, generated per run so no secret is ever committed. */
public final class RandomValues {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomValues() {
    }

    /** A random lower-case hex string of {@code bytes * 2} characters. */
    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String secret() {
        return "s3-" + hex(16);
    }
}
