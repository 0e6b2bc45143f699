package dev.faramesh.identity.spiffe;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertUtils;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.ReasonCodes;
import io.spiffe.bundle.jwtbundle.JwtBundle;
import io.spiffe.bundle.jwtbundle.JwtBundleSet;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.bundle.x509bundle.X509BundleSet;
import io.spiffe.exception.BundleNotFoundException;
import io.spiffe.spiffeid.TrustDomain;
import java.io.IOException;
import java.net.URI;
import java.security.Key;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which trust domains' SVIDs are accepted and against which bundles: the home domain
 * ({@code trust_domain}; any, when unset) and the peers of {@code trust { spiffe_federated ... }}.
 * A peer's bundle comes from the Workload API's federated bundles, else from the peer's
 * {@code bundle_url} (a SPIFFE bundle endpoint: a JWKS whose {@code x509-svid} keys carry the CA
 * certificates and whose {@code jwt-svid} keys are the JWT authorities), fetched on first need and
 * kept for five minutes.
 */
final class TrustDomains {

  private static final long BUNDLE_TTL_MILLIS = 5 * 60_000L;

  private final String home;
  private final Map<String, String> federated;
  private final Duration timeout;
  private final Map<String, FetchedBundle> fetched = new ConcurrentHashMap<>();

  /** A peer's bundle as its endpoint served it. */
  private record FetchedBundle(X509Bundle x509, JwtBundle jwt, long fetchedAt) {}

  TrustDomains(String home, Map<String, String> federated, Duration timeout) {
    this.home = home;
    this.federated = Map.copyOf(federated);
    this.timeout = timeout;
  }

  /** The configured home trust domain, or {@code null} (any domain the Workload API vouches for). */
  String home() {
    return home;
  }

  /** Refuses an SVID of a trust domain that is neither home nor federated. */
  void check(String trustDomain, String spiffeId) throws IdentityException {
    if (home == null || home.equals(trustDomain) || federated.containsKey(trustDomain)) {
      return;
    }
    throw IdentityException.of(ReasonCodes.IDENTITY_WRONG_TRUST_DOMAIN, "the SVID " + spiffeId + " belongs to trust "
        + "domain " + trustDomain + ", which is neither " + home + " nor federated in the policy's trust { }"
        + (federated.isEmpty() ? "" : " (federated: " + federated.keySet() + ")"));
  }

  /** The X.509 bundles to verify chains against: the Workload API's, plus fetched peers'. */
  X509BundleSet x509Bundles(X509BundleSet fromApi, String trustDomain) throws IdentityException {
    TrustDomain td = TrustDomain.parse(trustDomain);
    try {
      fromApi.getBundleForTrustDomain(td);
      return fromApi;
    } catch (BundleNotFoundException e) {
      FetchedBundle b = peer(trustDomain);
      if (b == null) {
        throw noBundle(trustDomain);
      }
      X509BundleSet all = X509BundleSet.of(fromApi.getBundles().values());
      all.put(b.x509());
      return all;
    }
  }

  /** The JWT authorities of {@code trustDomain}. */
  JwtBundle jwtBundle(JwtBundleSet fromApi, String trustDomain) throws IdentityException {
    try {
      return fromApi.getBundleForTrustDomain(TrustDomain.parse(trustDomain));
    } catch (BundleNotFoundException e) {
      FetchedBundle b = peer(trustDomain);
      if (b == null) {
        throw noBundle(trustDomain);
      }
      return b.jwt();
    }
  }

  private IdentityException noBundle(String trustDomain) {
    return IdentityException.of(ReasonCodes.IDENTITY_WRONG_TRUST_DOMAIN, "there is no trust bundle for trust domain "
        + trustDomain + " (neither the Workload API nor a bundle_url in trust { } provides one)");
  }

  private FetchedBundle peer(String trustDomain) throws IdentityException {
    String url = federated.get(trustDomain);
    if (url == null) {
      return null;
    }
    FetchedBundle b = fetched.get(trustDomain);
    if (b == null || System.currentTimeMillis() - b.fetchedAt() > BUNDLE_TTL_MILLIS) {
      b = fetch(trustDomain, url);
      fetched.put(trustDomain, b);
    }
    return b;
  }

  private FetchedBundle fetch(String trustDomain, String url) throws IdentityException {
    JWKSet set;
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    try {
      set = JWKSet.load(URI.create(url).toURL(), millis, millis, 512 * 1024);
    } catch (IOException | ParseException | IllegalArgumentException e) {
      throw new IdentityException(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE, "the bundle of federated trust domain "
          + trustDomain + " could not be fetched from " + url + ": " + e.getClass().getSimpleName(), e);
    }
    TrustDomain td = TrustDomain.parse(trustDomain);
    Set<X509Certificate> authorities = new HashSet<>();
    Map<String, PublicKey> jwtAuthorities = new HashMap<>();
    for (JWK key : set.getKeys()) {
      String use = key.getKeyUse() == null ? "" : key.getKeyUse().identifier();
      if (use.equals("x509-svid") && key.getX509CertChain() != null) {
        for (Base64 der : key.getX509CertChain()) {
          X509Certificate c = X509CertUtils.parse(der.decode());
          if (c != null) {
            authorities.add(c);
          }
        }
      } else if (use.equals("jwt-svid") && key.getKeyID() != null) {
        try {
          jwtAuthorities.put(key.getKeyID(), publicKey(key));
        } catch (JOSEException | RuntimeException e) {
          // a key this runtime cannot use: skip it, as a SPIFFE bundle consumer must
        }
      }
    }
    return new FetchedBundle(new X509Bundle(td, authorities), new JwtBundle(td, jwtAuthorities),
        System.currentTimeMillis());
  }

  private static PublicKey publicKey(JWK key) throws JOSEException {
    List<Key> keys = KeyConverter.toJavaKeys(List.of(key));
    for (Key k : keys) {
      if (k instanceof PublicKey) {
        return (PublicKey) k;
      }
    }
    throw new JOSEException("no public key");
  }

  String describe() {
    return (home == null ? "any trust domain the Workload API vouches for" : "trust domain " + home)
        + (federated.isEmpty() ? "" : " and federated " + federated.keySet());
  }
}
