package dev.faramesh.testkit.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.util.ArrayList;
import java.util.List;

/**
 * The key ring of a test token issuer: one current signing key plus the keys still published in the
 * JWKS. Rotation adds a key with a new {@code kid} (its RFC 7638 thumbprint, as Kubernetes does) and
 * may keep or drop the old one; {@link #unpublishedKey()} is a key for unknown-kid and
 * forged-signature cases. Thread-safe: servers read it while tests rotate.
 */
public final class SigningKeys {

    private final JWSAlgorithm algorithm;
    private final List<JWK> published = new ArrayList<>();
    private JWK current;
    private JWK stranger;

    private SigningKeys(JWSAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.current = generate();
        published.add(current);
    }

    /** RSA 2048 keys signing RS256, what Kubernetes, Google, Entra and GitHub use. */
    public static SigningKeys rs256() {
        return new SigningKeys(JWSAlgorithm.RS256);
    }

    /** P-256 keys signing ES256, SPIRE's default JWT-SVID key type. */
    public static SigningKeys es256() {
        return new SigningKeys(JWSAlgorithm.ES256);
    }

    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    /** The private key tokens are signed with now. */
    public synchronized JWK currentKey() {
        return current;
    }

    public synchronized String currentKeyId() {
        return current.getKeyID();
    }

    /**
     * Makes a new current key and publishes it. With {@code keepPrevious} the old keys stay in the
     * JWKS (a graceful rotation); without, only the new key is published (tokens signed before the
     * rotation now carry an unknown kid). Returns the new kid.
     */
    public synchronized String rotate(boolean keepPrevious) {
        JWK next = generate();
        if (!keepPrevious) {
            published.clear();
        }
        published.add(0, next);
        current = next;
        return next.getKeyID();
    }

    /** Stops publishing the key with this kid; the current key stays the signing key. */
    public synchronized void retire(String kid) {
        published.removeIf(k -> k.getKeyID().equals(kid));
    }

    /** The public JWKS as served. */
    public synchronized JWKSet publicJwks() {
        return new JWKSet(List.copyOf(published)).toPublicJWKSet();
    }

    public String publicJwksJson() {
        return publicJwks().toString(true);
    }

    /**
     * A key of the same type that is never published, made once per key ring (RSA key generation is
     * slow on a loaded CI machine, and one stranger is enough to stage unknown kids and forgeries).
     */
    public synchronized JWK unpublishedKey() {
        if (stranger == null) {
            stranger = generate();
        }
        return stranger;
    }

    /** A JOSE signer for {@code key} (RSA or EC). */
    static JWSSigner signerFor(JWK key) {
        try {
            return key instanceof com.nimbusds.jose.jwk.RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner(key.toECKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make a signer for kid " + key.getKeyID(), e);
        }
    }

    private JWK generate() {
        try {
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
                        .keyIDFromThumbprint(true).generate();
            }
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
        }
    }
}
