/**
 * k8s-read-only-root-fs: an immutable root filesystem stops an attacker from dropping tools or
 * changing binaries; writable paths are mounted explicitly (emptyDir).
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";
import { ALL_WORKLOAD_KINDS, containersOf, validateWorkloads } from "./lib/workloads";

export const k8sReadOnlyRootFs: PlatformResourcePolicy = {
    name: "k8s-read-only-root-fs",
    description: "Containers must set securityContext.readOnlyRootFilesystem true.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "kubernetes",
    anchors: ["CKV_K8S_22", "KSV-0014", "kubernetes-apps-v1-deployment-enable-read-only-root-filesystem"],
    remediationSteps: "Set `securityContext.readOnlyRootFilesystem: true` on each container and mount an emptyDir where the process must write (e.g. /tmp).",
    validateResource: validateWorkloads(ALL_WORKLOAD_KINDS, (pod, _args, reportViolation) => {
        for (const { container, label } of containersOf(pod)) {
            const readOnly = container.securityContext?.readOnlyRootFilesystem;
            if (readOnly !== true) {
                reportViolation(`${label}: ${mustBe("securityContext.readOnlyRootFilesystem", "true", readOnly)}`);
            }
        }
    }),
};
