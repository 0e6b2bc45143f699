package dev.faramesh.testkit.k8s;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.faramesh.testkit.oidc.TokenMinter;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Claims of a Kubernetes projected (bound) service-account token: {@code sub}
 * {@code system:serviceaccount:<ns>:<sa>}, the requested audiences, {@code iat}/{@code nbf}/{@code exp}
 * for the requested lifetime, a {@code jti}, and {@code kubernetes.io} with namespace, pod, service
 * account and node (name and uid), as current API servers issue them.
 */
public final class ServiceAccountClaims {

    private ServiceAccountClaims() {
    }

    public static JWTClaimsSet of(TokenMinter minter, PodIdentity pod, Duration lifetime, String... audience) {
        Instant now = minter.now();
        Map<String, Object> kubernetes = new LinkedHashMap<>();
        kubernetes.put("namespace", pod.namespace());
        kubernetes.put("node", Map.of("name", pod.nodeName(), "uid", pod.nodeUid()));
        kubernetes.put("pod", Map.of("name", pod.podName(), "uid", pod.podUid()));
        kubernetes.put("serviceaccount", Map.of("name", pod.serviceAccount(), "uid", pod.serviceAccountUid()));
        return minter.claims(pod.subject(), audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .claim("kubernetes.io", kubernetes)
                .build();
    }
}
