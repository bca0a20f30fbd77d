/**
 * k8s-hpa-bounds: an autoscaler that may scale to one replica loses availability on every node drain;
 * one whose max does not exceed its min never scales; one without metrics silently falls back to the
 * 80% CPU default instead of the platform's RPS/queue-depth signals.
 */
import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf } from "../../lib/validate";

interface Config {
    minReplicas: number;
}

export const k8sHpaBounds: PlatformResourcePolicy = {
    name: "k8s-hpa-bounds",
    description: "autoscaling/v2 HorizontalPodAutoscalers must set minReplicas >= the configured minimum (default 2), maxReplicas > minReplicas, and at least one metric.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "kubernetes",
    anchors: ["kube-linter hpa-minimum-three-replicas", "polaris hpaMinAvailability", "polaris hpaMaxAvailability"],
    remediationSteps: "Set `spec.minReplicas` (>= 2), a larger `spec.maxReplicas`, and `spec.metrics` (CPU plus the service's custom metric).",
    configSchema: {
        properties: {
            minReplicas: { type: "integer", minimum: 1, default: 2, description: "Smallest acceptable spec.minReplicas." },
        },
    },
    validateResource: validateResourceOfType(k8s.autoscaling.v2.HorizontalPodAutoscaler, (hpa, args, reportViolation) => {
        const { minReplicas: floor } = args.getConfig<Config>();
        const spec = hpa.spec ?? ({} as Record<string, any>);
        // Kubernetes defaults minReplicas to 1.
        const minReplicas = spec.minReplicas;
        if (typeof minReplicas !== "number" || minReplicas < floor) {
            reportViolation(`spec.minReplicas must be at least ${floor} (found: ${found(minReplicas)})`);
        }
        const effectiveMin = typeof minReplicas === "number" ? minReplicas : 1;
        if (typeof spec.maxReplicas !== "number" || spec.maxReplicas <= effectiveMin) {
            reportViolation(`spec.maxReplicas must be greater than spec.minReplicas ${effectiveMin} (found: ${found(spec.maxReplicas)})`);
        }
        if (listOf(spec.metrics).length === 0) {
            reportViolation(`spec.metrics must list at least one metric (found: ${found(spec.metrics)})`);
        }
    }),
};
