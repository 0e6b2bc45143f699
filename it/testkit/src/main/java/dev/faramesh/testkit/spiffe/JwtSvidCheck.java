package dev.faramesh.testkit.spiffe;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The server side of ValidateJWTSVID: checks a JWT-SVID the way a SPIRE agent does (asymmetric alg,
 * kid present and found in the JWT bundle of the subject's trust domain, signature, not expired,
 * audience contains the requested one) and turns its claims into the protobuf {@code Struct} the
 * response carries. Failures throw {@link IllegalArgumentException} whose message the server returns
 * with INVALID_ARGUMENT.
 */
final class JwtSvidCheck {

    private static final Set<JWSAlgorithm> ALLOWED = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

    record Validated(String spiffeId, Struct claims) {
    }

    private JwtSvidCheck() {
    }

    /** Validates {@code token} for {@code audience}; {@code bundles} maps a trust domain id to its JWKS or null. */
    static Validated validate(String token, String audience, Function<String, JWKSet> bundles) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalArgumentException("unable to parse JWT token");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!ALLOWED.contains(alg)) {
            throw new IllegalArgumentException("unsupported token signature algorithm " + alg);
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null || kid.isBlank()) {
            throw new IllegalArgumentException("token header missing key id");
        }
        String subject = claims.getSubject();
        if (subject == null || !subject.startsWith("spiffe://")) {
            throw new IllegalArgumentException("token has an invalid subject claim");
        }
        String trustDomainId = trustDomainOf(subject);
        JWKSet bundle = bundles.apply(trustDomainId);
        if (bundle == null) {
            throw new IllegalArgumentException("no keys found for trust domain \"" + trustDomainId + "\"");
        }
        JWK key = bundle.getKeyByKeyId(kid);
        if (key == null) {
            throw new IllegalArgumentException("unexpected key ID \"" + kid + "\"");
        }
        if (!verifies(jwt, key)) {
            throw new IllegalArgumentException("unable to validate JWT token: signature does not verify");
        }
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw new IllegalArgumentException("token missing expiration claim");
        }
        if (!expiry.after(new Date())) {
            throw new IllegalArgumentException("token has expired");
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(audience)) {
            throw new IllegalArgumentException("expected audience in " + aud + " (audience=[" + audience + "])");
        }
        return new Validated(subject, toStruct(jwt.getPayload().toJSONObject()));
    }

    static String trustDomainOf(String spiffeId) {
        int pathStart = spiffeId.indexOf('/', "spiffe://".length());
        return pathStart < 0 ? spiffeId : spiffeId.substring(0, pathStart);
    }

    private static boolean verifies(SignedJWT jwt, JWK key) {
        try {
            JWSVerifier verifier = new DefaultJWSVerifierFactory()
                    .createJWSVerifier(jwt.getHeader(), ((AsymmetricJWK) key).toPublicKey());
            return jwt.verify(verifier);
        } catch (JOSEException | ClassCastException e) {
            return false;
        }
    }

    static Struct toStruct(Map<String, Object> map) {
        Struct.Builder struct = Struct.newBuilder();
        map.forEach((name, value) -> struct.putFields(name, toValue(value)));
        return struct.build();
    }

    @SuppressWarnings("unchecked")
    private static Value toValue(Object value) {
        if (value == null) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        if (value instanceof String s) {
            return Value.newBuilder().setStringValue(s).build();
        }
        if (value instanceof Number n) {
            return Value.newBuilder().setNumberValue(n.doubleValue()).build();
        }
        if (value instanceof Boolean b) {
            return Value.newBuilder().setBoolValue(b).build();
        }
        if (value instanceof Map<?, ?> m) {
            return Value.newBuilder().setStructValue(toStruct((Map<String, Object>) m)).build();
        }
        if (value instanceof List<?> list) {
            ListValue.Builder values = ListValue.newBuilder();
            list.forEach(item -> values.addValues(toValue(item)));
            return Value.newBuilder().setListValue(values).build();
        }
        return Value.newBuilder().setStringValue(value.toString()).build();
    }
}
