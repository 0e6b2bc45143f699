package dev.faramesh.testkit.spiffe;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.faramesh.testkit.oidc.SigningKeys;
import dev.faramesh.testkit.oidc.TokenMinter;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * A SPIFFE trust domain with its own authorities, standing in for a SPIRE server: a P-256 root CA
 * whose certificate carries {@code spiffe://<name>} as URI SAN, CA=true and keyCertSign/cRLSign, and
 * a JWT signing key (ES256, kid set) published as the domain's JWT bundle. It issues X.509-SVIDs
 * (leaf: one URI SAN, CA=false, digitalSignature, server and client auth) for any validity window,
 * and JWT-SVIDs for any audience and lifetime. It signs whatever SPIFFE ID it is asked to, which is
 * how tests stage an SVID claiming another trust domain.
 */
public final class TestTrustDomain {

    private static final Duration DEFAULT_SVID_LIFETIME = Duration.ofHours(1);

    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final SigningKeys jwtAuthorities = SigningKeys.es256();
    private final SecureRandom random = new SecureRandom();

    private TestTrustDomain(String name) {
        this.name = name;
        try {
            this.caKeys = ecKeyPair();
            this.caCertificate = selfSignedCa();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the CA of trust domain " + name, e);
        }
    }

    /** A trust domain named e.g. {@code example.org}, with fresh authorities. */
    public static TestTrustDomain create(String name) {
        if (name.startsWith("spiffe://") || name.contains("/")) {
            throw new IllegalArgumentException("trust domain name expected, e.g. example.org: " + name);
        }
        return new TestTrustDomain(name);
    }

    public String name() {
        return name;
    }

    /** The trust domain's SPIFFE ID, {@code spiffe://<name>}, as the Workload API keys bundles. */
    public String id() {
        return "spiffe://" + name;
    }

    /** {@code spiffe://<name><path>}; {@code path} starts with a slash. */
    public String spiffeId(String path) {
        return id() + path;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The X.509 bundle: the CA certificate as DER. */
    public byte[] x509BundleDer() {
        return IssuedX509Svid.concatenate(List.of(caCertificate));
    }

    /** An X.509-SVID for {@code path} in this domain, valid from a minute ago for one hour. */
    public IssuedX509Svid issueX509Svid(String path) {
        Instant now = Instant.now();
        return issueX509Svid(spiffeId(path), now.minus(Duration.ofMinutes(1)), now.plus(DEFAULT_SVID_LIFETIME));
    }

    /** An X.509-SVID that expired an hour ago. */
    public IssuedX509Svid issueExpiredX509Svid(String path) {
        Instant now = Instant.now();
        return issueX509Svid(spiffeId(path), now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
    }

    /** An X.509-SVID that becomes valid only in an hour. */
    public IssuedX509Svid issueNotYetValidX509Svid(String path) {
        Instant now = Instant.now();
        return issueX509Svid(spiffeId(path), now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));
    }

    /**
     * An X.509-SVID for any full SPIFFE ID (also one outside this domain) and validity window,
     * signed by this domain's CA, with a new P-256 key and a random serial.
     */
    public IssuedX509Svid issueX509Svid(String spiffeId, Instant notBefore, Instant notAfter) {
        try {
            KeyPair leafKeys = ecKeyPair();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                    Date.from(notBefore), Date.from(notAfter),
                    new X500Name("C=US, O=SPIFFE testkit"), leafKeys.getPublic());
            leaf.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            leaf.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement));
            leaf.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            leaf.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId)));
            leaf.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(leafKeys.getPublic()));
            leaf.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(caCertificate));
            X509Certificate certificate = sign(leaf, caKeys.getPrivate());
            return new IssuedX509Svid(spiffeId, List.of(certificate), leafKeys.getPrivate(), x509BundleDer());
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue an X.509-SVID for " + spiffeId, e);
        }
    }

    /** The current JWT authority's kid. */
    public String jwtKeyId() {
        return jwtAuthorities.currentKeyId();
    }

    /** Rotates the JWT authority to a new kid; see {@link SigningKeys#rotate(boolean)}. */
    public String rotateJwtAuthority(boolean keepPrevious) {
        return jwtAuthorities.rotate(keepPrevious);
    }

    /** The JWT bundle as a JWKS document (public keys, kid set), the bytes FetchJWTBundles carries. */
    public String jwtBundleJson() {
        return jwtAuthorities.publicJwksJson();
    }

    public SigningKeys jwtAuthorities() {
        return jwtAuthorities;
    }

    /** A JWT-SVID ({@code typ=JWT}, {@code sub} = SPIFFE ID) valid from now for {@code lifetime}. */
    public String issueJwtSvid(String spiffeId, List<String> audience, Duration lifetime) {
        Instant now = Instant.now();
        return issueJwtSvid(spiffeId, audience, now, now.plus(lifetime));
    }

    /** A JWT-SVID with explicit issue and expiry times (expiry in the past makes an expired one). */
    public String issueJwtSvid(String spiffeId, List<String> audience, Instant issuedAt, Instant expiry) {
        TokenMinter minter = new TokenMinter(jwtAuthorities, null);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(spiffeId)
                .audience(audience)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiry))
                .build();
        return minter.sign(claims, JOSEObjectType.JWT);
    }

    private X509Certificate selfSignedCa() throws Exception {
        Instant now = Instant.now();
        X500Name subject = new X500Name("C=US, O=SPIFFE testkit, CN=" + name);
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        PublicKey publicKey = caKeys.getPublic();
        X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, publicKey);
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        ca.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, id())));
        ca.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
        return sign(ca, caKeys.getPrivate());
    }

    private BigInteger serial() {
        return new BigInteger(127, random);
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }
}
