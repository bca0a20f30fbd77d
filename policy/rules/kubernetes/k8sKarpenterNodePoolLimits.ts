/**
 * k8s-karpenter-nodepool-limits: a NodePool without limits lets Karpenter launch nodes for every pending pod, so a
 * runaway Deployment or autoscaler becomes an unbounded EC2 bill. Both CPU and memory must be capped.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { isSet, mustBe, validateResourceOfTokens } from "../../lib/validate";

export const KARPENTER_NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";

export const k8sKarpenterNodePoolLimits: PlatformResourcePolicy = {
    name: "k8s-karpenter-nodepool-limits",
    description: "Karpenter NodePools must cap what they provision: spec.limits.cpu and spec.limits.memory set.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "kubernetes",
    anchors: [],
    remediationSteps: 'Set `spec.limits: { cpu: "64", memory: "256Gi" }` (sized for the environment) on the NodePool.',
    validateResource: validateResourceOfTokens([KARPENTER_NODE_POOL], (props, _args, reportViolation) => {
        const limits = props.spec?.limits;
        for (const resource of ["cpu", "memory"]) {
            if (!isSet(limits, resource)) {
                reportViolation(mustBe(`spec.limits.${resource}`, "set", limits?.[resource]));
            }
        }
    }),
};
