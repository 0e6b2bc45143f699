package dev.faramesh.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 with lowercase hex output, the only digest the DPR format uses. Digest instances are cached
 * per thread because looking one up costs more than hashing a record.
 */
final class Sha256 {
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    static String hex(byte[] data) {
        MessageDigest d = DIGEST.get();
        d.reset();
        return HEX.formatHex(d.digest(data));
    }

    static String hex(String utf8Text) {
        return hex(utf8Text.getBytes(StandardCharsets.UTF_8));
    }

    /** Lowercase hex SHA-256 of {@code length} bytes of {@code data} from {@code offset}. */
    static String hex(byte[] data, int offset, int length) {
        MessageDigest d = DIGEST.get();
        d.reset();
        d.update(data, offset, length);
        return HEX.formatHex(d.digest());
    }

    static String hex(ByteSink sink) {
        MessageDigest d = DIGEST.get();
        d.reset();
        sink.digestInto(d);
        return HEX.formatHex(d.digest());
    }
}
