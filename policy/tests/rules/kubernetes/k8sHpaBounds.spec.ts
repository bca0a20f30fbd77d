import * as k8s from "@pulumi/kubernetes";
import { k8sHpaBounds } from "../../../rules/kubernetes/k8sHpaBounds";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const SPEC = {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "api" },
    minReplicas: 2,
    maxReplicas: 10,
    metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
};
const hpa = (spec: Record<string, any>, config?: Record<string, any>) =>
    resourceArgs(k8s.autoscaling.v2.HorizontalPodAutoscaler, { metadata: { name: "api", namespace: "bff" }, spec: { ...SPEC, ...spec } }, { config });

describe("k8s-hpa-bounds", () => {
    it("passes 2..10 on CPU", async () => {
        await assertNoResourceViolation(k8sHpaBounds, hpa({}));
    });

    it("fails minReplicas 1", async () => {
        await assertResourceViolation(k8sHpaBounds, hpa({ minReplicas: 1 }), /^spec\.minReplicas must be at least 2 \(found: 1\)$/);
    });

    it("fails minReplicas left unset (Kubernetes default 1)", async () => {
        await assertResourceViolation(k8sHpaBounds, hpa({ minReplicas: undefined }), /^spec\.minReplicas must be at least 2 \(found: undefined\)$/);
    });

    it("fails maxReplicas equal to minReplicas", async () => {
        await assertResourceViolation(k8sHpaBounds, hpa({ minReplicas: 3, maxReplicas: 3 }), /^spec\.maxReplicas must be greater than spec\.minReplicas 3 \(found: 3\)$/);
    });

    it("fails maxReplicas left unset", async () => {
        await assertResourceViolation(k8sHpaBounds, hpa({ maxReplicas: undefined }), /spec\.maxReplicas must be greater than spec\.minReplicas 2 \(found: undefined\)/);
    });

    it("fails without metrics", async () => {
        await assertResourceViolation(k8sHpaBounds, hpa({ metrics: undefined }), /^spec\.metrics must list at least one metric \(found: undefined\)$/);
    });

    it("fails an empty metrics list", async () => {
        await assertResourceViolation(k8sHpaBounds, hpa({ metrics: [] }), /spec\.metrics must list at least one metric \(found: \[\]\)/);
    });

    it("honours a configured minimum", async () => {
        await assertResourceViolation(k8sHpaBounds, hpa({}, { minReplicas: 3 }), /spec\.minReplicas must be at least 3 \(found: 2\)/);
    });
});
