package dev.faramesh.testkit.k8s;

import java.util.UUID;

/**
 * The pod a projected service-account token is bound to: namespace, service account and pod with
 * their UIDs, and the node it runs on. These become the {@code kubernetes.io} claim and the
 * {@code system:serviceaccount:<ns>:<sa>} subject.
 */
public record PodIdentity(String namespace, String serviceAccount, String serviceAccountUid,
                          String podName, String podUid, String nodeName, String nodeUid) {

    /** A pod with random UIDs on node {@code node-1}. */
    public static PodIdentity of(String namespace, String serviceAccount, String podName) {
        return new PodIdentity(namespace, serviceAccount, UUID.randomUUID().toString(), podName,
                UUID.randomUUID().toString(), "node-1", UUID.randomUUID().toString());
    }

    /** {@code system:serviceaccount:<namespace>:<serviceAccount>}. */
    public String subject() {
        return "system:serviceaccount:" + namespace + ":" + serviceAccount;
    }
}
