import { k8sScaledObjectBounds } from "../../../rules/kubernetes/k8sScaledObjectBounds";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const SPEC = {
    scaleTargetRef: { name: "notification-worker" },
    minReplicaCount: 1,
    maxReplicaCount: 20,
    triggers: [{ type: "aws-sqs-queue", metadata: { queueURL: "https://sqs.eu-west-1.amazonaws.com/1/jobs", queueLength: "50" } }],
};
const scaledObject = (spec: Record<string, any>, config?: Record<string, any>) =>
    resourceArgs(
        "kubernetes:keda.sh/v1alpha1:ScaledObject",
        { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "worker", namespace: "notification" }, spec: { ...SPEC, ...spec } },
        { config },
    );

describe("k8s-scaledobject-bounds", () => {
    it("passes 1..20 with a trigger", async () => {
        await assertNoResourceViolation(k8sScaledObjectBounds, scaledObject({}));
    });

    it("fails scale to zero", async () => {
        await assertResourceViolation(k8sScaledObjectBounds, scaledObject({ minReplicaCount: 0 }), /^spec\.minReplicaCount must be at least 1 \(found: 0\)$/);
    });

    it("fails minReplicaCount left unset (KEDA default 0)", async () => {
        await assertResourceViolation(k8sScaledObjectBounds, scaledObject({ minReplicaCount: undefined }), /^spec\.minReplicaCount must be at least 1 \(found: undefined\)$/);
    });

    it("fails maxReplicaCount not above the minimum", async () => {
        await assertResourceViolation(k8sScaledObjectBounds, scaledObject({ minReplicaCount: 2, maxReplicaCount: 2 }), /^spec\.maxReplicaCount must be set and greater than spec\.minReplicaCount 2 \(found: 2\)$/);
    });

    it("fails maxReplicaCount left unset (KEDA default 100)", async () => {
        await assertResourceViolation(k8sScaledObjectBounds, scaledObject({ maxReplicaCount: undefined }), /spec\.maxReplicaCount must be set .* \(found: undefined\)/);
    });

    it("fails without triggers", async () => {
        await assertResourceViolation(k8sScaledObjectBounds, scaledObject({ triggers: [] }), /^spec\.triggers must list at least one trigger \(found: \[\]\)$/);
    });

    it("honours a configured minimum", async () => {
        await assertResourceViolation(k8sScaledObjectBounds, scaledObject({ minReplicaCount: 1 }, { minReplicaCount: 2 }), /must be at least 2 \(found: 1\)/);
    });

    it("ignores other custom resources", async () => {
        await assertNoResourceViolation(k8sScaledObjectBounds, resourceArgs("kubernetes:keda.sh/v1alpha1:TriggerAuthentication", { spec: {} }));
    });
});
