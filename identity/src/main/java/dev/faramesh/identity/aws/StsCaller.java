package dev.faramesh.identity.aws;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.http.PlatformHttp;
import dev.faramesh.policy.ReasonCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The two STS calls the AWS provider makes: {@code GetCallerIdentity}, signed with SigV4 by the AWS
 * SDK's own signer (with the {@code server_id} header signed in, as Vault's AWS auth does against
 * replay elsewhere), which STS answers only if the signature proves the credentials; and
 * {@code AssumeRoleWithWebIdentity}, which turns a projected web identity token into temporary
 * credentials. Credentials never leave this class except inside the signed request to STS.
 */
final class StsCaller {

  static final String SERVER_ID_HEADER = "X-Faramesh-Server-ID";
  private static final String VERSION = "2011-06-15";
  private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

  private final URI endpoint;
  private final String region;
  private final String serverId;
  private final PlatformHttp http;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  /** Who STS says signed the request. */
  record Caller(String arn, String account, String userId) {}

  /** Temporary credentials from a web identity, and when they expire. */
  record Session(AwsCredentialsIdentity credentials, Instant expiration, String assumedRoleArn) {}

  StsCaller(URI endpoint, String region, String serverId, PlatformHttp http) {
    this.endpoint = endpoint;
    this.region = region;
    this.serverId = serverId;
    this.http = http;
  }

  Caller getCallerIdentity(AwsCredentialsIdentity credentials) throws IdentityException {
    String body = "Action=GetCallerIdentity&Version=" + VERSION;
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(endpoint.resolve("/")).method(SdkHttpMethod.POST)
        .putHeader("Content-Type", FORM);
    if (serverId != null) {
      request.putHeader(SERVER_ID_HEADER, serverId);
    }
    SignedRequest signed;
    try {
      signed = signer.sign(r -> r.request(request.build()).identity(credentials)
          .payload(ContentStreamProvider.fromByteArray(bytes))
          .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
          .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    } catch (RuntimeException e) {
      throw new IdentityException(ReasonCodes.IDENTITY_INVALID, "the AWS credentials cannot sign a request: "
          + e.getClass().getSimpleName(), e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      if (!h.getKey().equalsIgnoreCase("Host")) {
        headers.put(h.getKey(), String.join(",", h.getValue()));
      }
    }
    PlatformHttp.Reply reply = http.post(endpoint.resolve("/"), headers, new String(payload(signed),
        StandardCharsets.UTF_8));
    StsXml xml = StsXml.parse(reply.body());
    if (!reply.ok()) {
      throw xml.error(reply.status(), "GetCallerIdentity");
    }
    String arn = xml.text("Arn");
    String account = xml.text("Account");
    if (arn == null || account == null) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "STS answered GetCallerIdentity without an Arn");
    }
    return new Caller(arn, account, xml.text("UserId"));
  }

  Session assumeRoleWithWebIdentity(String roleArn, String sessionName, String token) throws IdentityException {
    String form = "Action=AssumeRoleWithWebIdentity&Version=" + VERSION + "&RoleArn=" + enc(roleArn)
        + "&RoleSessionName=" + enc(sessionName) + "&WebIdentityToken=" + enc(token);
    PlatformHttp.Reply reply = http.post(endpoint.resolve("/"), Map.of("Content-Type", FORM), form);
    StsXml xml = StsXml.parse(reply.body());
    if (!reply.ok()) {
      throw xml.error(reply.status(), "AssumeRoleWithWebIdentity for " + roleArn);
    }
    String id = xml.text("AccessKeyId");
    String secret = xml.text("SecretAccessKey");
    String session = xml.text("SessionToken");
    if (id == null || secret == null || session == null) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "STS answered AssumeRoleWithWebIdentity without "
          + "credentials");
    }
    Instant expiration;
    try {
      expiration = Instant.parse(xml.text("Expiration"));
    } catch (DateTimeParseException | NullPointerException e) {
      expiration = Instant.now().plusSeconds(900);
    }
    return new Session(AwsSessionCredentialsIdentity.create(id, secret, session), expiration, xml.text("Arn"));
  }

  private static byte[] payload(SignedRequest signed) throws IdentityException {
    ContentStreamProvider p = signed.payload().orElse(null);
    if (p == null) {
      return new byte[0];
    }
    try (InputStream in = p.newStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IdentityException(ReasonCodes.INTERNAL_ERROR, "cannot read the signed request", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
