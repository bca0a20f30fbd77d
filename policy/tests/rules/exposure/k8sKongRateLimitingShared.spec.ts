import * as assert from "assert";
import { k8sKongRateLimitingShared, kongReplicas } from "../../../rules/exposure/k8sKongRateLimitingShared";
import { assertNoStackViolation, assertStackViolation, stackArgs } from "../../helpers";

const kong = (values: Record<string, any> | undefined) => ({ type: "kubernetes:helm.sh/v3:Release" as any, name: "kong", props: { chart: "kong", values } });
const limit = (config: Record<string, any> | undefined) => ({ type: "kubernetes:configuration.konghq.com/v1:KongClusterPlugin" as any, name: "rl", props: { plugin: "rate-limiting", config } });

describe("k8s-kong-rate-limiting-shared", () => {
    it("passes redis counters with several replicas", async () => {
        await assertNoStackViolation(k8sKongRateLimitingShared, stackArgs([kong({ replicaCount: 3 }), limit({ policy: "redis" })]));
    });

    it("passes local counters with one replica (also the chart's default)", async () => {
        await assertNoStackViolation(k8sKongRateLimitingShared, stackArgs([kong({ replicaCount: 1 }), limit({ policy: "local" })]));
        await assertNoStackViolation(k8sKongRateLimitingShared, stackArgs([kong(undefined), limit({ policy: "local" })]));
    });

    it("fails local counters with two replicas", async () => {
        await assertStackViolation(k8sKongRateLimitingShared, stackArgs([kong({ replicaCount: 2 }), limit({ policy: "local" })]), /config\.policy must be "redis" with 2 Kong replicas \(found: "local"\)/);
    });

    it("fails the unset policy (Kong's default local)", async () => {
        await assertStackViolation(k8sKongRateLimitingShared, stackArgs([kong({ replicaCount: 2 }), limit({ minute: 5 })]), /found: undefined, Kong's default local/);
        await assertStackViolation(k8sKongRateLimitingShared, stackArgs([kong({ replicaCount: 2 }), limit(undefined)]), /found: undefined/);
    });

    it("counts autoscaling's maximum", async () => {
        assert.strictEqual(kongReplicas({ replicaCount: 1, autoscaling: { enabled: true, maxReplicas: 4 } }), 4);
        assert.strictEqual(kongReplicas({ autoscaling: { enabled: true } }), 5);
        await assertStackViolation(k8sKongRateLimitingShared, stackArgs([kong({ autoscaling: { enabled: true, minReplicas: 1, maxReplicas: 3 } }), limit({ policy: "cluster" })]), /3 Kong replicas/);
    });
});
