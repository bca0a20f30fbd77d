/**
 * k8s-scaledobject-bounds: a KEDA ScaledObject scales to zero by default (minReplicaCount 0), which
 * turns a queue backlog into a cold start, and defaults maxReplicaCount to 100, which nobody sized.
 * KEDA has no SDK class here, so the rule matches the custom resource's type token.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf, validateResourceOfTokens } from "../../lib/validate";

const KEDA_SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";

interface Config {
    minReplicaCount: number;
}

export const k8sScaledObjectBounds: PlatformResourcePolicy = {
    name: "k8s-scaledobject-bounds",
    description: "KEDA ScaledObjects must set spec.minReplicaCount >= the configured minimum (default 1), an explicit spec.maxReplicaCount above it, and at least one trigger.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "kubernetes",
    anchors: [],
    remediationSteps: "Set `spec.minReplicaCount` (>= 1), `spec.maxReplicaCount` sized for the service, and `spec.triggers` on the ScaledObject.",
    configSchema: {
        properties: {
            minReplicaCount: { type: "integer", minimum: 0, default: 1, description: "Smallest acceptable spec.minReplicaCount." },
        },
    },
    validateResource: validateResourceOfTokens([KEDA_SCALED_OBJECT], (props, args, reportViolation) => {
        const { minReplicaCount: floor } = args.getConfig<Config>();
        const spec = props.spec ?? {};
        // KEDA defaults minReplicaCount to 0 and maxReplicaCount to 100.
        const min = spec.minReplicaCount;
        if (typeof min !== "number" || min < floor) {
            reportViolation(`spec.minReplicaCount must be at least ${floor} (found: ${found(min)})`);
        }
        const effectiveMin = typeof min === "number" ? min : 0;
        if (typeof spec.maxReplicaCount !== "number" || spec.maxReplicaCount <= effectiveMin) {
            reportViolation(`spec.maxReplicaCount must be set and greater than spec.minReplicaCount ${effectiveMin} (found: ${found(spec.maxReplicaCount)})`);
        }
        if (listOf(spec.triggers).length === 0) {
            reportViolation(`spec.triggers must list at least one trigger (found: ${found(spec.triggers)})`);
        }
    }),
};
