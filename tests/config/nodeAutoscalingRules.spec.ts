/**
 * platform:nodeAutoscaling: bad values refused with the key named; the cross-field checks called directly.
 */
import * as assert from "assert";
import { karpenterSchema, nodeAutoscalingProblems, nodeAutoscalingSchema, nodeGroupSchema } from "../../config/sections/cluster";
import { problemsAt, problemsOf, rawStack } from "./fixtures";

const group = (minSize: number, maxSize: number) => nodeGroupSchema.parse({ name: "general", instanceTypes: ["m7i.large"], minSize, maxSize, desiredSize: minSize });
const check = (nodeAutoscaling: unknown, nodeGroups = [group(2, 4)], kubernetesVersion = "1.33") =>
    nodeAutoscalingProblems({ kubernetesVersion, nodeGroups, nodeAutoscaling: nodeAutoscalingSchema.parse(nodeAutoscaling) }).map((p) => `${p.path.join(".")}: ${p.message}`);

describe("config sections: node autoscaling", () => {
    it("defaults to no autoscaler; every committed stack validates", () => {
        assert.deepStrictEqual(nodeAutoscalingSchema.parse({}), { mode: "none" });
        for (const stack of ["dev", "staging", "prod"] as const) {
            assert.deepStrictEqual(problemsOf(rawStack(stack)), [], stack);
        }
    });

    it("karpenter needs its settings (the AMI alias has no default) and only karpenter takes them", () => {
        assert.deepStrictEqual(check({ mode: "karpenter" }), ["nodeAutoscaling.karpenter: required when mode is karpenter (found: unset); set at least amiAlias, e.g. al2023@v20250704"]);
        assert.deepStrictEqual(check({ mode: "karpenter", karpenter: { amiAlias: "al2023@v20250704" } }), []);
        assert.deepStrictEqual(check({ mode: "none", karpenter: { amiAlias: "al2023@v20250704" } }), [
            "nodeAutoscaling.karpenter: only used with mode karpenter (found mode none); remove it or set mode: karpenter",
        ]);
        assert.deepStrictEqual(check({ mode: "karpenter", karpenter: { amiAlias: "al2023@v20250704" }, clusterAutoscaler: {} }), [
            "nodeAutoscaling.clusterAutoscaler: only used with mode clusterAutoscaler (found mode karpenter); remove it or set mode: clusterAutoscaler",
        ]);
    });

    it("cluster autoscaler: the image of the cluster's Kubernetes minor, and a node group that can grow", () => {
        assert.deepStrictEqual(check({ mode: "clusterAutoscaler" }), []);
        assert.deepStrictEqual(check({ mode: "clusterAutoscaler", clusterAutoscaler: { imageTag: "v1.33.6" } }), []);
        assert.deepStrictEqual(check({ mode: "clusterAutoscaler", clusterAutoscaler: { imageTag: "v1.32.1" } }), [
            "nodeAutoscaling.clusterAutoscaler.imageTag: v1.32.1 is not a cluster-autoscaler release of Kubernetes 1.33; expected v1.33.x",
        ]);
        // The default image is 1.33's: another Kubernetes version must choose one. "1.3" is no prefix of v1.33.
        assert.match(check({ mode: "clusterAutoscaler" }, [group(2, 4)], "1.34")[0], /^nodeAutoscaling\.clusterAutoscaler\.imageTag: v1\.33\.0 is not/);
        assert.strictEqual(check({ mode: "clusterAutoscaler" }, [group(2, 4)], "1.3").length, 1);
        assert.deepStrictEqual(check({ mode: "clusterAutoscaler" }, [group(3, 3), group(1, 1)]), [
            "nodeGroups: with nodeAutoscaling mode clusterAutoscaler at least one node group needs maxSize above minSize (found none: nothing to scale)",
        ]);
        assert.deepStrictEqual(check({ mode: "clusterAutoscaler" }, [group(3, 3), group(1, 2)]), []);
        // Without an autoscaler fixed-size groups are fine.
        assert.deepStrictEqual(check({ mode: "none" }, [group(3, 3)]), []);
    });

    it("refuses bad values with the key named", () => {
        const raw = rawStack("prod");
        raw.nodeAutoscaling.karpenter.amiAlias = "al2023@latest";
        raw.nodeAutoscaling.karpenter.nodePool.cpuLimit = "lots";
        raw.nodeAutoscaling.karpenter.nodePool.consolidateAfter = "5 minutes";
        raw.nodeAutoscaling.karpenter.nodePool.capacityTypes = ["spot", "spot"];
        raw.nodeAutoscaling.karpenter.nodePool.instanceType = ["m7i.large"];
        assert.match(problemsAt(raw, "platform:nodeAutoscaling.karpenter.amiAlias")[0], /pinned AL2023 release like al2023@v20250704/);
        assert.match(problemsAt(raw, "platform:nodeAutoscaling.karpenter.nodePool.cpuLimit")[0], /Kubernetes quantity/);
        assert.match(problemsAt(raw, "platform:nodeAutoscaling.karpenter.nodePool.consolidateAfter")[0], /duration like 30s/);
        assert.ok(problemsOf(raw).some((p) => p.key.startsWith("platform:nodeAutoscaling.karpenter.nodePool.capacityTypes")), JSON.stringify(problemsOf(raw)));
        assert.match(problemsAt(raw, "platform:nodeAutoscaling.karpenter.nodePool.instanceType")[0], /unknown key/);
        const mode = rawStack("dev");
        mode.nodeAutoscaling.mode = "keda";
        assert.strictEqual(problemsAt(mode, "platform:nodeAutoscaling.mode").length, 1);
    });

    it("a mode without its settings is refused through validation too, with nothing else wrong", () => {
        const raw = rawStack("prod");
        delete raw.nodeAutoscaling.karpenter;
        assert.deepStrictEqual(
            problemsOf(raw).map((p) => p.key),
            ["platform:nodeAutoscaling.karpenter"],
        );
    });

    it("bounds: durations, budgets, generations and replicas", () => {
        const parse = (nodePool: Record<string, unknown>) => karpenterSchema.safeParse({ amiAlias: "al2023@v20250704", nodePool }).success;
        assert.ok(parse({ consolidateAfter: "1h30m", disruptionBudget: "100%", minInstanceGeneration: 1 }));
        assert.ok(!parse({ disruptionBudget: "101%" }));
        assert.ok(!parse({ expireAfter: "Never" }), "nodes must expire (security updates)");
        assert.ok(!parse({ minInstanceGeneration: 0 }));
        assert.ok(!parse({ capacityTypes: [] }));
        assert.ok(!karpenterSchema.safeParse({ amiAlias: "al2023@v20250704", controllerReplicas: 0 }).success);
        assert.ok(!karpenterSchema.safeParse({ amiAlias: "al2023@v2025070" }).success);
        assert.ok(!karpenterSchema.safeParse({ amiAlias: "al2023@v20250704", chartVersion: "^1.14.1" }).success);
    });
});
