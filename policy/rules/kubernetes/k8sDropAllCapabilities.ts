/**
 * k8s-drop-all-capabilities: containers start from no Linux capabilities and add back only the
 * configured harmless ones (default NET_BIND_SERVICE, as the restricted Pod Security Standard allows).
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf } from "../../lib/validate";
import { ALL_WORKLOAD_KINDS, containersOf, validateWorkloads } from "./lib/workloads";

interface Config {
    allowedAddedCapabilities: string[];
}

export const k8sDropAllCapabilities: PlatformResourcePolicy = {
    name: "k8s-drop-all-capabilities",
    description: 'Containers must drop "ALL" capabilities and add back only allowedAddedCapabilities (default NET_BIND_SERVICE).',
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "kubernetes",
    anchors: ["CKV_K8S_28", "CKV_K8S_37", "CKV_K8S_39", "KSV-0003", "KSV-0005"],
    remediationSteps: 'Set `securityContext.capabilities: { drop: ["ALL"] }` on each container, adding back only what the policy config allows.',
    configSchema: {
        properties: {
            allowedAddedCapabilities: {
                type: "array",
                items: { type: "string" },
                default: ["NET_BIND_SERVICE"],
                description: "Capabilities a container may add after dropping ALL.",
            },
        },
    },
    validateResource: validateWorkloads(ALL_WORKLOAD_KINDS, (pod, args, reportViolation) => {
        const { allowedAddedCapabilities } = args.getConfig<Config>();
        const allowed = allowedAddedCapabilities.map((c) => c.toUpperCase().replace(/^CAP_/, ""));
        for (const { container, label } of containersOf(pod)) {
            const capabilities = container.securityContext?.capabilities;
            const drop = listOf<string>(capabilities?.drop).map((c) => String(c).toUpperCase());
            if (!drop.includes("ALL")) {
                reportViolation(`${label}: securityContext.capabilities.drop must include "ALL" (found: ${found(capabilities?.drop)})`);
            }
            const added = listOf<string>(capabilities?.add).filter((c) => !allowed.includes(String(c).toUpperCase().replace(/^CAP_/, "")));
            if (added.length > 0) {
                reportViolation(`${label}: securityContext.capabilities.add must only contain ${found(allowedAddedCapabilities)} (found: ${found(capabilities?.add)})`);
            }
        }
    }),
};
