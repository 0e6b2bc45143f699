package dev.faramesh.identity;

/** The outcome of an attestation as a string: {@code attested}, or the reason code it was refused with. */
public final class Codes {

  private Codes() {}

  public static String of(IdentityProvider p, String agent) {
    try {
      p.attest(agent);
      return "attested";
    } catch (IdentityException e) {
      return e.reasonCode();
    } catch (RuntimeException e) {
      throw new AssertionError("an attestation must fail with an IdentityException, not " + e, e);
    }
  }
}
