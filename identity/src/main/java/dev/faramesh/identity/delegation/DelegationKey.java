package dev.faramesh.identity.delegation;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What an agent signs delegation tokens with: the private key of its current X.509-SVID and that
 * SVID's chain (leaf first), which the token carries as {@code x5c} so the worker can verify it
 * against its own trust bundle. The dev identity has no SVID: its key is an ephemeral per-process
 * key pair whose public half travels as the token's {@code jwk}, which proves nothing about who
 * signed, so only a worker that itself runs as the dev identity accepts such a token.
 *
 * @param spiffeId the signer's SPIFFE id (the token's issuer)
 * @param privateKey the key that signs
 * @param chain the SVID chain, leaf first; empty for the dev identity
 * @param publicKey the dev key's public half; {@code null} for an SVID
 */
public record DelegationKey(String spiffeId, PrivateKey privateKey, List<X509Certificate> chain, PublicKey publicKey) {

  public DelegationKey {
    chain = List.copyOf(chain);
    if (chain.isEmpty() == (publicKey == null)) {
      throw new IllegalArgumentException("a delegation key has either an SVID chain or a dev public key");
    }
  }

  /** The key of an X.509-SVID. */
  public static DelegationKey svid(String spiffeId, PrivateKey privateKey, List<X509Certificate> chain) {
    return new DelegationKey(spiffeId, privateKey, chain, null);
  }

  /** An ephemeral key of the dev identity. */
  public static DelegationKey dev(String spiffeId, PrivateKey privateKey, PublicKey publicKey) {
    return new DelegationKey(spiffeId, privateKey, List.of(), publicKey);
  }

  public boolean dev() {
    return publicKey != null;
  }

  @Override
  public String toString() {
    return "DelegationKey[" + spiffeId + (dev() ? ", dev" : "") + "]";
  }
}
