package dev.faramesh.policy;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The verified identity a decision is made for. {@code agentId} is only a label that selects the
 * agent block of the policy; {@code id} is the identity an identity provider attested (a SPIFFE
 * id, or a JWT subject mapped to one), and it alone keys budgets and rate limits. {@code claims}
 * are the verified claims behind {@code principal.*} in conditions; they never enter a DPR, only
 * their hash does. A worker acting under a supervisor's delegation carries that supervisor's
 * principal, which is what inherited budgets are charged to.
 */
public final class Principal {

  private final String agentId;
  private final String id;
  private final String svid;
  private final Instant expiry;
  private final Map<String, Object> claims;
  private final boolean verified;
  private final String method;
  private final boolean dev;
  private final List<String> delegatedFrom;
  private final Principal supervisor;

  private Principal(Builder b) {
    this.agentId = Objects.requireNonNull(b.agentId, "agentId");
    this.id = Objects.requireNonNull(b.id, "id");
    this.svid = b.svid == null ? b.id : b.svid;
    this.expiry = b.expiry;
    this.claims = b.claims == null ? Collections.emptyMap() : Collections.unmodifiableMap(b.claims);
    this.verified = b.verified;
    this.method = b.method == null ? "none" : b.method;
    this.dev = b.dev;
    this.delegatedFrom = b.delegatedFrom == null ? List.of() : List.copyOf(b.delegatedFrom);
    this.supervisor = b.supervisor;
  }

  public static Builder builder(String agentId, String id) {
    return new Builder(agentId, id);
  }

  public String agentId() { return agentId; }
  public String id() { return id; }
  public String svid() { return svid; }
  /** When the credential behind this identity expires, or {@code null}. */
  public Instant expiry() { return expiry; }
  public Map<String, Object> claims() { return claims; }
  public boolean verified() { return verified; }
  /** How the identity was attested: {@code spiffe}, {@code oidc}, {@code dev}, ... */
  public String method() { return method; }
  /** Whether this is the built-in dev identity (every DPR made under it is tagged). */
  public boolean dev() { return dev; }
  /** Every identity the call crossed before reaching this one, outermost first. */
  public List<String> delegatedFrom() { return delegatedFrom; }
  /** The principal that spawned or delegated to this one, or {@code null}. */
  public Principal supervisor() { return supervisor; }

  public Builder toBuilder() {
    Builder b = new Builder(agentId, id);
    b.svid = svid; b.expiry = expiry; b.claims = claims; b.verified = verified;
    b.method = method; b.dev = dev; b.delegatedFrom = delegatedFrom; b.supervisor = supervisor;
    return b;
  }

  @Override
  public String toString() {
    return agentId + "(" + id + (dev ? ", dev" : "") + ")";
  }

  /** Builder for {@link Principal}. */
  public static final class Builder {
    private final String agentId;
    private final String id;
    private String svid;
    private Instant expiry;
    private Map<String, Object> claims;
    private boolean verified;
    private String method;
    private boolean dev;
    private List<String> delegatedFrom;
    private Principal supervisor;

    private Builder(String agentId, String id) {
      this.agentId = agentId;
      this.id = id;
    }

    public Builder svid(String v) { svid = v; return this; }
    public Builder expiry(Instant v) { expiry = v; return this; }
    public Builder claims(Map<String, Object> v) { claims = v; return this; }
    public Builder verified(boolean v) { verified = v; return this; }
    public Builder method(String v) { method = v; return this; }
    public Builder dev(boolean v) { dev = v; return this; }
    public Builder delegatedFrom(List<String> v) { delegatedFrom = v; return this; }
    public Builder supervisor(Principal v) { supervisor = v; return this; }
    public Principal build() { return new Principal(this); }
  }
}
