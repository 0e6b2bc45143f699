package dev.faramesh.identity.jwt;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;

/**
 * Where a verifier gets the issuer's public keys: a JWKS URL (cached five minutes, fetched again
 * at once when a token names a kid the cache does not hold, at most twice per ten seconds, one
 * retry on a network error, and the last good set kept for an hour of issuer outage), the URL
 * found through the issuer's OpenID discovery document on first use, or a fixed set (SPIFFE JWT
 * bundles). Fetches run on the deciding thread: no background threads.
 */
public final class JwksSource {

  private static final long CACHE_TTL_MILLIS = 5 * 60_000L;
  private static final long RATE_LIMIT_MILLIS = 10_000L;
  private static final long OUTAGE_TOLERANCE_MILLIS = 60 * 60_000L;
  private static final int SIZE_LIMIT = 512 * 1024;

  private JwksSource() {}

  /** The keys published at {@code jwksUrl}. */
  public static JWKSource<SecurityContext> remote(URI jwksUrl, Duration timeout) {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    return JWKSourceBuilder.<SecurityContext>create(toUrl(jwksUrl), new DefaultResourceRetriever(millis, millis,
            SIZE_LIMIT))
        .cache(CACHE_TTL_MILLIS, millis)
        .rateLimited(RATE_LIMIT_MILLIS)
        .retrying(true)
        .outageTolerant(OUTAGE_TOLERANCE_MILLIS)
        .build();
  }

  /** The keys at the {@code jwks_uri} of {@code issuer}'s discovery document, looked up on first use. */
  public static JWKSource<SecurityContext> discovered(String issuer, Duration timeout) {
    return new Discovered(issuer, timeout);
  }

  /** A fixed set of keys. */
  public static JWKSource<SecurityContext> of(JWKSet keys) {
    return new ImmutableJWKSet<>(keys);
  }

  private static URL toUrl(URI uri) {
    try {
      return uri.toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a URL: " + uri, e);
    }
  }

  /** Resolves the JWKS URL through OpenID discovery once, then behaves as {@link #remote}. */
  private static final class Discovered implements JWKSource<SecurityContext> {
    private final String issuer;
    private final Duration timeout;
    private volatile JWKSource<SecurityContext> delegate;

    Discovered(String issuer, Duration timeout) {
      this.issuer = issuer;
      this.timeout = timeout;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
      JWKSource<SecurityContext> d = delegate;
      if (d == null) {
        synchronized (this) {
          d = delegate;
          if (d == null) {
            d = remote(jwksUri(), timeout);
            delegate = d;
          }
        }
      }
      return d.get(selector, context);
    }

    private URI jwksUri() throws KeySourceException {
      String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
      int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
      try {
        Resource doc = new DefaultResourceRetriever(millis, millis, SIZE_LIMIT)
            .retrieveResource(toUrl(URI.create(base + "/.well-known/openid-configuration")));
        String jwks = JSONObjectUtils.getString(JSONObjectUtils.parse(doc.getContent()), "jwks_uri");
        if (jwks == null) {
          throw new KeySourceException("the discovery document of " + issuer + " names no jwks_uri");
        }
        return URI.create(jwks);
      } catch (IOException e) {
        throw new KeySourceException("the discovery document of " + issuer + " could not be fetched: "
            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
      } catch (ParseException | IllegalArgumentException e) {
        throw new KeySourceException("the discovery document of " + issuer + " is not valid: " + e.getMessage(), e);
      }
    }
  }
}
