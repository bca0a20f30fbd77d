/**
 * k8s-no-privileged: a privileged container has every capability and the host's devices; it is root
 * on the node. The default (false) is safe.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";
import { ALL_WORKLOAD_KINDS, containersOf, validateWorkloads } from "./lib/workloads";

export const k8sNoPrivileged: PlatformResourcePolicy = {
    name: "k8s-no-privileged",
    description: "Containers must not set securityContext.privileged true.",
    enforcementLevel: "mandatory",
    severity: "critical",
    theme: "kubernetes",
    anchors: ["CKV_K8S_16", "KSV-0017"],
    remediationSteps: "Remove `securityContext.privileged: true`; grant the one capability needed instead.",
    validateResource: validateWorkloads(ALL_WORKLOAD_KINDS, (pod, _args, reportViolation) => {
        for (const { container, label } of containersOf(pod)) {
            const privileged = container.securityContext?.privileged;
            if (privileged === true) {
                reportViolation(`${label}: ${mustBe("securityContext.privileged", "false or unset", privileged)}`);
            }
        }
    }),
};
