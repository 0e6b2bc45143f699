package dev.faramesh.testkit.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.faramesh.testkit.oidc.SigningKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code authentication.k8s.io/v1} TokenReview the API server answers: it checks a service-account
 * token's signature against the issuer's published keys, its issuer, its time window and its
 * audiences (the requested ones, or the API server's own), and that the bound pod still exists, which
 * is the revocation a JWKS-only verifier cannot see. It answers with the review's status: the user
 * name, uid, groups and pod/node extras, or {@code authenticated:false} and an error.
 */
final class TokenReviewer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SigningKeys keys;
    private final String issuer;
    private final List<String> apiAudiences;
    private final Set<String> deletedPods;

    TokenReviewer(SigningKeys keys, String issuer, List<String> apiAudiences, Set<String> deletedPods) {
        this.keys = keys;
        this.issuer = issuer;
        this.apiAudiences = apiAudiences;
        this.deletedPods = deletedPods;
    }

    /** Turns a TokenReview request body into the TokenReview response body. */
    String review(String requestBody) {
        JsonNode request;
        try {
            request = JSON.readTree(requestBody);
        } catch (Exception e) {
            throw new IllegalArgumentException("TokenReview body is not JSON");
        }
        JsonNode spec = request.path("spec");
        String token = spec.path("token").asText("");
        List<String> wanted = new ArrayList<>();
        spec.path("audiences").forEach(a -> wanted.add(a.asText()));
        ObjectNode response = JSON.createObjectNode();
        response.put("kind", "TokenReview");
        response.put("apiVersion", "authentication.k8s.io/v1");
        response.putObject("metadata").putNull("creationTimestamp");
        response.set("spec", spec.deepCopy());
        ObjectNode status = response.putObject("status");
        try {
            fill(status, token, wanted.isEmpty() ? apiAudiences : wanted);
        } catch (IllegalStateException rejected) {
            status.removeAll();
            status.put("authenticated", false);
            status.put("error", "[invalid bearer token, " + rejected.getMessage() + "]");
        }
        return response.toString();
    }

    private void fill(ObjectNode status, String token, List<String> audiences) {
        JWTClaimsSet claims = verify(token);
        List<String> matched = new ArrayList<>(claims.getAudience());
        matched.retainAll(audiences);
        if (matched.isEmpty()) {
            throw new IllegalStateException("token audiences " + claims.getAudience() + " is invalid for the target audiences "
                    + audiences);
        }
        Map<String, Object> kubernetes = claimOrEmpty(claims);
        String namespace = String.valueOf(kubernetes.get("namespace"));
        Map<?, ?> pod = (Map<?, ?>) kubernetes.getOrDefault("pod", Map.of());
        Map<?, ?> node = (Map<?, ?>) kubernetes.getOrDefault("node", Map.of());
        Map<?, ?> serviceAccount = (Map<?, ?>) kubernetes.getOrDefault("serviceaccount", Map.of());
        if (pod.get("name") != null && deletedPods.contains(namespace + "/" + pod.get("name"))) {
            throw new IllegalStateException("pods \"" + pod.get("name") + "\" not found");
        }
        status.put("authenticated", true);
        ObjectNode user = status.putObject("user");
        user.put("username", claims.getSubject());
        user.put("uid", String.valueOf(serviceAccount.get("uid")));
        ArrayNode groups = user.putArray("groups");
        groups.add("system:serviceaccounts").add("system:serviceaccounts:" + namespace).add("system:authenticated");
        ObjectNode extra = user.putObject("extra");
        if (claims.getJWTID() != null) {
            extra.putArray("authentication.kubernetes.io/credential-id").add("JTI=" + claims.getJWTID());
        }
        putExtra(extra, "node-name", node.get("name"));
        putExtra(extra, "node-uid", node.get("uid"));
        putExtra(extra, "pod-name", pod.get("name"));
        putExtra(extra, "pod-uid", pod.get("uid"));
        ArrayNode audienceArray = status.putArray("audiences");
        matched.forEach(audienceArray::add);
    }

    private JWTClaimsSet verify(String token) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                new ImmutableJWKSet<>(keys.publicJwks())));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "aud"), null));
        try {
            return processor.process(token, null);
        } catch (BadJOSEException e) {
            throw new IllegalStateException(e.getMessage());
        } catch (Exception e) {
            throw new IllegalStateException("token lookup failed");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claimOrEmpty(JWTClaimsSet claims) {
        Object value = claims.getClaim("kubernetes.io");
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static void putExtra(ObjectNode extra, String name, Object value) {
        if (value != null) {
            extra.putArray("authentication.kubernetes.io/" + name).add(String.valueOf(value));
        }
    }
}
