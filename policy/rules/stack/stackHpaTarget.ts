/**
 * stack-hpa-target: an HPA whose scaleTargetRef names nothing (a typo, a renamed Deployment) scales
 * nothing and fails silently. The target counts when the HPA's spec depends on it (auto-named
 * workloads) or when kind, name and namespace match.
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { PlatformStackPolicy } from "../../lib/rule";
import { found } from "../../lib/validate";
import { namespaceOf } from "../kubernetes/lib/labelSelectors";
import { describeResource } from "./lib/describe";

const HPA_TYPES = ["kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "kubernetes:autoscaling/v1:HorizontalPodAutoscaler"];
const TARGET_TYPES = new Map<unknown, string>([
    ["Deployment", "kubernetes:apps/v1:Deployment"],
    ["StatefulSet", "kubernetes:apps/v1:StatefulSet"],
]);

function isTarget(hpa: PolicyResource, candidate: PolicyResource, name: unknown): boolean {
    if (namespaceOf(candidate.props) !== namespaceOf(hpa.props)) {
        return false;
    }
    const dependsOnIt = (hpa.propertyDependencies.spec ?? []).some((d) => d.urn === candidate.urn);
    return dependsOnIt || (name !== undefined && candidate.props.metadata?.name === name);
}

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    for (const hpa of args.resources.filter((r) => HPA_TYPES.includes(r.type))) {
        const ref = hpa.props.spec?.scaleTargetRef;
        const targetType = TARGET_TYPES.get(ref?.kind);
        const namespace = namespaceOf(hpa.props);
        const exists = targetType !== undefined && args.resources.some((r) => r.type === targetType && isTarget(hpa, r, ref?.name));
        if (!exists) {
            reportViolation(
                `${describeResource(hpa)} spec.scaleTargetRef must name a Deployment or StatefulSet declared in namespace ${JSON.stringify(namespace)} (found: ${found(ref)})`,
                hpa.urn,
            );
        }
    }
};

export const stackHpaTarget: PlatformStackPolicy = {
    name: "stack-hpa-target",
    description: "Every HorizontalPodAutoscaler's scaleTargetRef must name a Deployment (or StatefulSet) declared in the stack, in the same namespace.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "kubernetes",
    anchors: [],
    remediationSteps: "Set `scaleTargetRef: { apiVersion: \"apps/v1\", kind: \"Deployment\", name: deployment.metadata.name }` so the reference follows the Deployment.",
    validateStack,
};
