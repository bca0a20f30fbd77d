import * as assert from "assert";
import { k8sKarpenterNodePoolLimits, KARPENTER_NODE_POOL } from "../../../rules/kubernetes/k8sKarpenterNodePoolLimits";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, violationsOf } from "../../helpers";

const nodePool = (limits: Record<string, unknown> | undefined) =>
    resourceArgs(KARPENTER_NODE_POOL, {
        apiVersion: "karpenter.sh/v1",
        kind: "NodePool",
        metadata: { name: "default" },
        spec: { template: { spec: { nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" }, requirements: [] } }, ...(limits === undefined ? {} : { limits }) },
    });

describe("k8s-karpenter-nodepool-limits", () => {
    it("passes cpu and memory limits", async () => {
        await assertNoResourceViolation(k8sKarpenterNodePoolLimits, nodePool({ cpu: "64", memory: "256Gi" }));
    });

    it("fails limits unset: both named", async () => {
        assert.deepStrictEqual(await violationsOf(k8sKarpenterNodePoolLimits, nodePool(undefined)), ["spec.limits.cpu must be set (found: undefined)", "spec.limits.memory must be set (found: undefined)"]);
    });

    it("fails a missing cpu or memory limit", async () => {
        await assertResourceViolation(k8sKarpenterNodePoolLimits, nodePool({ memory: "256Gi" }), /^spec\.limits\.cpu must be set \(found: undefined\)$/);
        await assertResourceViolation(k8sKarpenterNodePoolLimits, nodePool({ cpu: "64", memory: "" }), /^spec\.limits\.memory must be set \(found: ""\)$/);
        assert.deepStrictEqual(await violationsOf(k8sKarpenterNodePoolLimits, nodePool({ cpu: "64" })), ["spec.limits.memory must be set (found: undefined)"]);
    });

    it("ignores other resources", async () => {
        await assertNoResourceViolation(k8sKarpenterNodePoolLimits, resourceArgs("kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", { spec: {} }));
    });

    it("applies to Karpenter v1's NodePool token, and fails one without a spec", async () => {
        assert.strictEqual(KARPENTER_NODE_POOL, "kubernetes:karpenter.sh/v1:NodePool");
        assert.deepStrictEqual(await violationsOf(k8sKarpenterNodePoolLimits, resourceArgs(KARPENTER_NODE_POOL, { apiVersion: "karpenter.sh/v1", kind: "NodePool", metadata: { name: "default" } })), [
            "spec.limits.cpu must be set (found: undefined)",
            "spec.limits.memory must be set (found: undefined)",
        ]);
    });
});
