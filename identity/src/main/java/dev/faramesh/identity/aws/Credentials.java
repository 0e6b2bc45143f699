package dev.faramesh.identity.aws;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.SpiffeUri;
import dev.faramesh.identity.jwt.TokenFile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The AWS credentials the provider signs with: fixed ones from the environment, or temporary ones
 * from a web identity token, exchanged again when they near expiry or the token file is rotated.
 */
interface Credentials {

  /** Credentials to sign with now, and when they expire ({@code null}: not known to). */
  record Current(AwsCredentialsIdentity identity, Instant expiration) {}

  Current current(String agentId) throws IdentityException;

  long revision();

  String describe();

  /** Access keys from the environment. */
  final class Static implements Credentials {
    private final AwsCredentialsIdentity identity;

    /** The environment's AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and (optional) AWS_SESSION_TOKEN. */
    static Static fromEnvironment(java.util.Map<String, String> env) {
      String session = env.get("AWS_SESSION_TOKEN");
      return new Static(session == null || session.isBlank()
          ? AwsCredentialsIdentity.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))
          : software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity.create(env.get("AWS_ACCESS_KEY_ID"),
              env.get("AWS_SECRET_ACCESS_KEY"), session));
    }

    Static(AwsCredentialsIdentity identity) {
      this.identity = identity;
    }

    @Override
    public Current current(String agentId) {
      return new Current(identity, null);
    }

    @Override
    public long revision() {
      return 0;
    }

    @Override
    public String describe() {
      return "the access key in AWS_ACCESS_KEY_ID";
    }
  }

  /** {@code AssumeRoleWithWebIdentity} with the projected token, cached until five minutes before expiry. */
  final class WebIdentity implements Credentials {
    private static final Duration EARLY = Duration.ofMinutes(5);
    private final StsCaller sts;
    private final String roleArn;
    private final TokenFile token;
    private final Clock clock;
    private volatile StsCaller.Session session;
    private volatile long sessionRevision = -1;

    WebIdentity(StsCaller sts, String roleArn, TokenFile token, Clock clock) {
      this.sts = sts;
      this.roleArn = roleArn;
      this.token = token;
      this.clock = clock;
    }

    @Override
    public synchronized Current current(String agentId) throws IdentityException {
      StsCaller.Session s = session;
      long r = token.revision();
      if (s == null || r != sessionRevision || !clock.instant().isBefore(s.expiration().minus(EARLY))) {
        String name = "faramesh-" + SpiffeUri.segment(agentId);
        s = sts.assumeRoleWithWebIdentity(roleArn, name.length() > 64 ? name.substring(0, 64) : name, token.read());
        session = s;
        sessionRevision = r;
      }
      return new Current(s.credentials(), s.expiration());
    }

    @Override
    public long revision() {
      return token.revision();
    }

    @Override
    public String describe() {
      return "role " + roleArn + " assumed with the web identity token " + token.path();
    }
  }
}
