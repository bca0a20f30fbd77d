/**
 * k8s-run-as-non-root: a container escape from a root process starts with root on the node. The
 * container's securityContext overrides the pod's, so both are read.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";
import { ALL_WORKLOAD_KINDS, containersOf, effectiveSecurityField, validateWorkloads } from "./lib/workloads";

export const k8sRunAsNonRoot: PlatformResourcePolicy = {
    name: "k8s-run-as-non-root",
    description: "Containers must run as non-root: runAsNonRoot true (and runAsUser not 0), or runAsUser > 0, in the container or pod securityContext.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "kubernetes",
    anchors: ["CKV_K8S_23", "KSV-0012", "KSV-0020"],
    remediationSteps: "Set `securityContext: { runAsNonRoot: true, runAsUser: 10001 }` on the pod (or each container) and build images with a non-root USER.",
    validateResource: validateWorkloads(ALL_WORKLOAD_KINDS, (pod, _args, reportViolation) => {
        for (const { container, label } of containersOf(pod)) {
            const runAsNonRoot = effectiveSecurityField(pod, container, "runAsNonRoot");
            const runAsUser = effectiveSecurityField(pod, container, "runAsUser");
            const nonRootFlag = runAsNonRoot === true && runAsUser !== 0;
            const nonRootUid = runAsNonRoot !== false && typeof runAsUser === "number" && runAsUser > 0;
            if (!nonRootFlag && !nonRootUid) {
                reportViolation(
                    `${label}: securityContext.runAsNonRoot must be true (or runAsUser a non-zero UID) in the container or pod securityContext (found: runAsNonRoot ${found(runAsNonRoot)}, runAsUser ${found(runAsUser)})`,
                );
            }
        }
    }),
};
