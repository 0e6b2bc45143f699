package dev.faramesh.identity.aws;

import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.IdentitySettings;
import dev.faramesh.identity.SpiffeUri;
import dev.faramesh.identity.http.PlatformHttp;
import dev.faramesh.identity.jwt.TokenFile;
import dev.faramesh.policy.Glob;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type = "aws-workload"}: the IAM principal the process's AWS credentials belong to, as STS
 * itself attests it: a SigV4-signed {@code GetCallerIdentity} sent to {@code sts_endpoint} (by
 * default the regional endpoint of {@code region}) is answered only for valid credentials, and
 * names the ARN. Credentials are the environment's ({@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}) or, for IRSA-style web identity,
 * {@code role_arn} + {@code token_file} (else {@code AWS_ROLE_ARN} +
 * {@code AWS_WEB_IDENTITY_TOKEN_FILE}) exchanged with {@code AssumeRoleWithWebIdentity}.
 * {@code allowed_accounts} and {@code allowed_arns} (globs) restrict who may attest. The identity is
 * {@code spiffe://<trust_domain>/aws/<account>/role/<role>} (or {@code /user/<name>}), attested
 * again when temporary credentials expire and at least hourly.
 */
public final class AwsWorkloadProvider implements IdentityProvider {

  private static final Duration REATTEST = Duration.ofHours(1);

  private StsCaller sts;
  private Credentials credentials;
  private List<String> allowedAccounts;
  private List<String> allowedArns;
  private String trustDomain;
  private String endpoint;
  private Clock clock;

  @Override
  public String type() {
    return "aws-workload";
  }

  @Override
  public boolean attests() {
    return true;
  }

  @Override
  public void configure(IdentityContext context) throws IdentityException {
    IdentitySettings s = new IdentitySettings(context);
    clock = context.clock();
    String region = s.string("region", "AWS_REGION", context.environment().getOrDefault("AWS_DEFAULT_REGION",
        "us-east-1"));
    endpoint = s.url("sts_endpoint", "https://sts." + region + ".amazonaws.com").toString();
    sts = new StsCaller(URI.create(endpoint), region, s.string("server_id"),
        new PlatformHttp(s.duration("timeout", Duration.ofSeconds(5)), false));
    String roleArn = s.string("role_arn", "AWS_ROLE_ARN", null);
    String tokenFile = s.string("token_file", "AWS_WEB_IDENTITY_TOKEN_FILE", null);
    Map<String, String> env = context.environment();
    if (roleArn != null && tokenFile != null) {
      credentials = new Credentials.WebIdentity(sts, roleArn, new TokenFile(s.path(tokenFile)), clock);
    } else if (env.get("AWS_ACCESS_KEY_ID") != null && env.get("AWS_SECRET_ACCESS_KEY") != null) {
      // built in Credentials, so verifying this class (loaded with every registry) loads no AWS type
      credentials = Credentials.Static.fromEnvironment(env);
    } else {
      throw s.misconfigured("finds no AWS credentials: set role_arn and token_file (or AWS_ROLE_ARN and "
          + "AWS_WEB_IDENTITY_TOKEN_FILE) for a web identity, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }
    allowedAccounts = s.list("allowed_accounts");
    allowedArns = s.list("allowed_arns");
    trustDomain = SpiffeUri.trustDomain(s.string("trust_domain") == null ? "sts.amazonaws.com"
        : s.string("trust_domain"));
  }

  @Override
  public Principal attest(String agentId) throws IdentityException {
    Credentials.Current c = credentials.current(agentId);
    StsCaller.Caller caller = sts.getCallerIdentity(c.identity());
    if (!allowedAccounts.isEmpty() && !allowedAccounts.contains(caller.account())) {
      throw IdentityException.of(ReasonCodes.IDENTITY_NOT_ALLOWED, "AWS account " + caller.account()
          + " is not in allowed_accounts");
    }
    if (!allowedArns.isEmpty() && allowedArns.stream().noneMatch(a -> Glob.word(a).matches(caller.arn()))) {
      throw IdentityException.of(ReasonCodes.IDENTITY_NOT_ALLOWED, caller.arn() + " is not in allowed_arns");
    }
    String[] kind = principalOf(caller.arn());
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("arn", caller.arn());
    claims.put("account", caller.account());
    claims.put("user_id", caller.userId());
    claims.put(kind[0], kind[1]);
    String id = SpiffeUri.of(trustDomain, "aws", caller.account(), kind[0], kind[1]);
    Instant limit = clock.instant().plus(REATTEST);
    Instant expiry = c.expiration() != null && c.expiration().isBefore(limit) ? c.expiration() : limit;
    return Principal.builder(agentId, id).svid(id).expiry(expiry).claims(claims).verified(true)
        .method("aws-workload").build();
  }

  /**
   * {@code arn:aws:iam::ACCT:user/NAME} to (user, NAME), {@code arn:aws:sts::ACCT:assumed-role/ROLE/SESSION}
   * to (role, ROLE): the role, not the session, is the identity.
   */
  static String[] principalOf(String arn) {
    String[] fields = arn.split(":", 6);
    String resource = fields.length == 6 ? fields[5] : arn;
    String[] parts = resource.split("/");
    if (parts[0].equals("assumed-role") && parts.length >= 2) {
      return new String[] {"role", parts[1]};
    }
    if (parts.length >= 2) {
      return new String[] {parts[0], parts[parts.length - 1]};
    }
    return new String[] {"principal", resource};
  }

  @Override
  public long revision() {
    return credentials == null ? 0 : credentials.revision();
  }

  @Override
  public String explain() {
    return "the IAM principal of " + credentials.describe() + ", as STS at " + endpoint + " answers a SigV4-signed "
        + "GetCallerIdentity" + (allowedAccounts.isEmpty() ? "" : ", accounts " + allowedAccounts)
        + "; identity spiffe://" + trustDomain + "/aws/<account>/role/<role>";
  }
}
