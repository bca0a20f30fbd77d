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

    it("finds Kong by its chart with a repository prefix too, and only Kong", async () => {
        const release = (chart: string, values: Record<string, any>) => ({ type: "kubernetes:helm.sh/v3:Release" as any, name: chart, props: { chart, values } });
        await assertStackViolation(k8sKongRateLimitingShared, stackArgs([release("kong/kong", { replicaCount: 2 }), limit({ policy: "local" })]), /with 2 Kong replicas/);
        // Another chart's replicas (here a kong-named one that is not kong's) do not count.
        await assertNoStackViolation(k8sKongRateLimitingShared, stackArgs([release("datadog/datadog", { replicaCount: 3 }), release("kong-operator", { replicaCount: 3 }), limit({ policy: "local" })]));
        // Values shaped like a release on another resource type do not count either.
        await assertNoStackViolation(k8sKongRateLimitingShared, stackArgs([{ ...release("kong", { replicaCount: 3 }), type: "kubernetes:apps/v1:Deployment" as any }, limit({ policy: "local" })]));
    });

    it("judges rate-limiting plugins only, of both plugin kinds", async () => {
        const plugin = (type: string, name: string) => ({ type: type as any, name, props: { plugin: "rate-limiting", config: { policy: "local" } } });
        await assertStackViolation(k8sKongRateLimitingShared, stackArgs([kong({ replicaCount: 2 }), plugin("kubernetes:configuration.konghq.com/v1:KongPlugin", "ns-rl")]), /must be "redis"/);
        const other = { type: "kubernetes:configuration.konghq.com/v1:KongClusterPlugin" as any, name: "cors", props: { plugin: "cors", config: { policy: "local" } } };
        const configMap = { ...plugin("kubernetes:core/v1:ConfigMap", "cm") };
        await assertNoStackViolation(k8sKongRateLimitingShared, stackArgs([kong({ replicaCount: 2 }), other, configMap]));
    });
});
