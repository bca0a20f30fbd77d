/**
 * k8s-seccomp-runtime-default: the runtime's default seccomp profile blocks syscalls containers never
 * need (and many kernel exploits use); Kubernetes runs Unconfined unless told otherwise. A Localhost
 * profile is an explicitly reviewed custom profile and is accepted too.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";
import { ALL_WORKLOAD_KINDS, containersOf, effectiveSecurityField, validateWorkloads } from "./lib/workloads";

const CONFINED = ["RuntimeDefault", "Localhost"];

export const k8sSeccompRuntimeDefault: PlatformResourcePolicy = {
    name: "k8s-seccomp-runtime-default",
    description: "Containers must run with seccompProfile.type RuntimeDefault (or Localhost), set on the pod or the container.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "kubernetes",
    anchors: ["CKV_K8S_31", "KSV-0030", "KSV-0104"],
    remediationSteps: 'Set `securityContext: { seccompProfile: { type: "RuntimeDefault" } }` on the pod spec.',
    validateResource: validateWorkloads(ALL_WORKLOAD_KINDS, (pod, _args, reportViolation) => {
        for (const { container, label } of containersOf(pod)) {
            const type = effectiveSecurityField(pod, container, "seccompProfile")?.type;
            if (!CONFINED.includes(type)) {
                reportViolation(`${label}: securityContext.seccompProfile.type must be "RuntimeDefault" or "Localhost" in the container or pod securityContext (found: ${found(type)})`);
            }
        }
    }),
};
