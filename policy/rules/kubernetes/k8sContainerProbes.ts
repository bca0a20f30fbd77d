/**
 * k8s-container-probes: without a readiness probe traffic reaches pods that are not ready; without a
 * liveness probe a hung process is never restarted. Long-running workloads only; init containers
 * cannot have probes.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";
import { containersOf, LONG_RUNNING_KINDS, validateWorkloads } from "./lib/workloads";

export const k8sContainerProbes: PlatformResourcePolicy = {
    name: "k8s-container-probes",
    description: "Containers of Deployments, StatefulSets and DaemonSets must define readinessProbe and livenessProbe.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "kubernetes",
    anchors: ["CKV_K8S_8", "CKV_K8S_9"],
    remediationSteps: "Add `readinessProbe` and `livenessProbe` (httpGet on the health endpoints, or tcpSocket/exec) to each container.",
    validateResource: validateWorkloads(LONG_RUNNING_KINDS, (pod, _args, reportViolation) => {
        for (const { container, label } of containersOf(pod, false)) {
            for (const probe of ["readinessProbe", "livenessProbe"]) {
                if (container[probe] === undefined || container[probe] === null) {
                    reportViolation(`${label}: ${probe} must be set (found: ${found(container[probe])})`);
                }
            }
        }
    }),
};
