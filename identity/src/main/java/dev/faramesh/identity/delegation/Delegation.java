package dev.faramesh.identity.delegation;

import java.time.Instant;
import java.util.List;

/**
 * The claims of one delegation token: agent {@code issuer} (a SPIFFE id, itself acting for the
 * identities of {@code delegatedFrom}, outermost first, in {@code trustDomain}) lets a process it
 * launched run as agent {@code audience}, until {@code expiry}, for the command line whose hash is
 * {@code commandHash}. {@code id} makes each token distinct; {@code dev} marks a token signed by the
 * dev identity's ephemeral key.
 */
public record Delegation(String issuer, String audience, List<String> delegatedFrom, String trustDomain,
    Instant issuedAt, Instant expiry, String id, String commandHash, boolean dev) {

  public Delegation {
    delegatedFrom = List.copyOf(delegatedFrom);
  }

  /** The chain a worker holding this delegation records: every identity above it, outermost first. */
  public List<String> chain() {
    java.util.ArrayList<String> chain = new java.util.ArrayList<>(delegatedFrom);
    chain.add(issuer);
    return List.copyOf(chain);
  }
}
