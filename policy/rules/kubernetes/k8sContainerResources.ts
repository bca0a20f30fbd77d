/**
 * k8s-container-resources: requests let the scheduler and HPA work from real numbers; limits stop one
 * pod from starving its node. Applies to containers and init containers of every workload kind.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";
import { ALL_WORKLOAD_KINDS, containersOf, validateWorkloads } from "./lib/workloads";

const REQUIRED = [
    ["requests", "cpu"],
    ["requests", "memory"],
    ["limits", "cpu"],
    ["limits", "memory"],
] as const;

export const k8sContainerResources: PlatformResourcePolicy = {
    name: "k8s-container-resources",
    description: "Every container and init container must set resources.requests and resources.limits for cpu and memory.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "kubernetes",
    anchors: ["CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13", "KSV-0011", "KSV-0015", "KSV-0016", "KSV-0018"],
    remediationSteps: "Set `resources: { requests: { cpu, memory }, limits: { cpu, memory } }` on each container, sized from observed usage.",
    validateResource: validateWorkloads(ALL_WORKLOAD_KINDS, (pod, _args, reportViolation) => {
        for (const { container, label } of containersOf(pod)) {
            for (const [kind, resource] of REQUIRED) {
                const value = container.resources?.[kind]?.[resource];
                if (value === undefined || value === null || value === "") {
                    reportViolation(`${label}: resources.${kind}.${resource} must be set (found: ${found(value)})`);
                }
            }
        }
    }),
};
