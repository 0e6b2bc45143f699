package dev.faramesh.testkit.azureidentity;

import java.util.UUID;

/**
 * An Azure managed identity as Entra describes it in tokens: the application (client) id, the
 * service principal's object id ({@code oid}, also {@code sub}) and the Azure resource id that
 * {@code xms_mirid} carries: the VM for a system-assigned identity, the identity resource for a
 * user-assigned one.
 *
 * @param clientId   application id ({@code appid} / {@code azp})
 * @param objectId   service principal object id ({@code oid})
 * @param resourceId ARM resource id ({@code xms_mirid})
 */
public record ManagedIdentity(String clientId, String objectId, String resourceId) {

    /** The system-assigned identity of a VM. */
    public static ManagedIdentity systemAssigned(String subscription, String resourceGroup, String vmName) {
        return new ManagedIdentity(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "/subscriptions/" + subscription + "/resourcegroups/" + resourceGroup
                        + "/providers/Microsoft.Compute/virtualMachines/" + vmName);
    }

    /** A user-assigned identity resource. */
    public static ManagedIdentity userAssigned(String subscription, String resourceGroup, String name) {
        return new ManagedIdentity(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "/subscriptions/" + subscription + "/resourcegroups/" + resourceGroup
                        + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + name);
    }
}
