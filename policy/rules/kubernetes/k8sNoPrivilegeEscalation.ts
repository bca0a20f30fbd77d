/**
 * k8s-no-privilege-escalation: without `allowPrivilegeEscalation: false` a process can gain more
 * privileges than its parent (setuid binaries); Kubernetes allows it unless told otherwise.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";
import { ALL_WORKLOAD_KINDS, containersOf, validateWorkloads } from "./lib/workloads";

export const k8sNoPrivilegeEscalation: PlatformResourcePolicy = {
    name: "k8s-no-privilege-escalation",
    description: "Containers must set securityContext.allowPrivilegeEscalation false.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "kubernetes",
    anchors: ["CKV_K8S_20", "KSV-0001"],
    remediationSteps: "Set `securityContext.allowPrivilegeEscalation: false` on each container.",
    validateResource: validateWorkloads(ALL_WORKLOAD_KINDS, (pod, _args, reportViolation) => {
        for (const { container, label } of containersOf(pod)) {
            const allowed = container.securityContext?.allowPrivilegeEscalation;
            if (allowed !== false) {
                reportViolation(`${label}: ${mustBe("securityContext.allowPrivilegeEscalation", "false", allowed)}`);
            }
        }
    }),
};
