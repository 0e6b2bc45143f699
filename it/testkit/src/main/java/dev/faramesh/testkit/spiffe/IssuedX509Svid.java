package dev.faramesh.testkit.spiffe;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * An X.509-SVID as the Workload API carries it: the SPIFFE ID, the certificate chain (leaf first),
 * its private key, and the DER bundle of the trust domain that signed it. The DER encodings are the
 * exact bytes put into {@code X509SVID.x509_svid}, {@code x509_svid_key} and {@code bundle}.
 */
public final class IssuedX509Svid {

    private final String spiffeId;
    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;
    private final byte[] bundleDer;

    IssuedX509Svid(String spiffeId, List<X509Certificate> chain, PrivateKey privateKey, byte[] bundleDer) {
        this.spiffeId = spiffeId;
        this.chain = List.copyOf(chain);
        this.privateKey = privateKey;
        this.bundleDer = bundleDer.clone();
    }

    public String spiffeId() {
        return spiffeId;
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public BigInteger serialNumber() {
        return leaf().getSerialNumber();
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The chain as concatenated DER certificates, leaf first. */
    public byte[] chainDer() {
        return concatenate(chain);
    }

    /** The private key as unencrypted PKCS#8 DER. */
    public byte[] privateKeyPkcs8() {
        return privateKey.getEncoded();
    }

    /** The issuing trust domain's CA certificates as concatenated DER. */
    public byte[] bundleDer() {
        return bundleDer.clone();
    }

    /**
     * The same SVID carrying {@code other}'s CA as its bundle: an impostor whose chain does not
     * verify against the trust bundle it arrives with.
     */
    public IssuedX509Svid withBundleOf(TestTrustDomain other) {
        return new IssuedX509Svid(spiffeId, chain, privateKey, other.x509BundleDer());
    }

    static byte[] concatenate(List<X509Certificate> certificates) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (X509Certificate certificate : certificates) {
                out.writeBytes(certificate.getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
        return out.toByteArray();
    }
}
