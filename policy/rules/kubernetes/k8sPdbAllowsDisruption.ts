/**
 * k8s-pdb-allows-disruption: a PodDisruptionBudget that tolerates no voluntary disruption
 * (maxUnavailable 0, or minAvailable 100%) blocks node drains, so EKS node upgrades hang.
 */
import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";

function isZero(value: unknown): boolean {
    return value === 0 || value === "0" || value === "0%";
}

export const k8sPdbAllowsDisruption: PlatformResourcePolicy = {
    name: "k8s-pdb-allows-disruption",
    description: 'PodDisruptionBudgets must allow at least one voluntary disruption: no maxUnavailable 0/"0%", no minAvailable "100%".',
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "kubernetes",
    anchors: ["kubernetes-policy-v1-poddisruptionbudget-disallow-zero-voluntary-disruption", "kube-linter pdb-max-unavailable", "polaris pdbDisruptionsIsZero"],
    remediationSteps: 'Use `maxUnavailable: 1` (or a percentage above 0), or a minAvailable below the replica count, e.g. "50%".',
    validateResource: validateResourceOfType(k8s.policy.v1.PodDisruptionBudget, (pdb, _args, reportViolation) => {
        const spec = pdb.spec ?? ({} as Record<string, any>);
        if (isZero(spec.maxUnavailable)) {
            reportViolation(`spec.maxUnavailable must allow at least one pod to be evicted (found: ${found(spec.maxUnavailable)})`);
        }
        if (spec.minAvailable === "100%") {
            reportViolation(`spec.minAvailable must be below 100% (found: ${found(spec.minAvailable)})`);
        }
    }),
};
