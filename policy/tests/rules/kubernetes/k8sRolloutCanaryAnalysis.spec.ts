import * as assert from "assert";
import { k8sRolloutCanaryAnalysis, rolloutCanaryAnalysisProblems } from "../../../rules/kubernetes/k8sRolloutCanaryAnalysis";

/** Spelled out (not the rule's constant), so a wrong token in the rule fails here. */
const ROLLOUT_TOKEN = "kubernetes:argoproj.io/v1alpha1:Rollout";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, violationsOf } from "../../helpers";

function rollout(canary: Record<string, any> | undefined) {
    return resourceArgs(ROLLOUT_TOKEN, {
        metadata: { name: "bff", namespace: "bff" },
        spec: { selector: { matchLabels: { app: "bff" } }, template: { spec: { containers: [] } }, strategy: canary === undefined ? { blueGreen: { activeService: "bff" } } : { canary } },
    });
}
const steps = [{ setWeight: 20 }, { pause: { duration: "2m" } }];

describe("k8s-rollout-canary-analysis", () => {
    it("passes background analysis naming a template", async () => {
        await assertNoResourceViolation(k8sRolloutCanaryAnalysis, rollout({ steps, analysis: { templates: [{ templateName: "bff-gateway" }] } }));
    });

    it("passes an analysis step naming a template", async () => {
        await assertNoResourceViolation(k8sRolloutCanaryAnalysis, rollout({ steps: [...steps, { analysis: { templates: [{ templateName: "bff-gateway" }] } }] }));
    });

    it("fails a canary without analysis (unset)", async () => {
        await assertResourceViolation(k8sRolloutCanaryAnalysis, rollout({ steps }), /^spec\.strategy\.canary must run an analysis: .*\(found: analysis undefined, 2 steps without one\)$/);
    });

    it("fails an analysis without templates, or a template without a name", async () => {
        await assertResourceViolation(k8sRolloutCanaryAnalysis, rollout({ steps, analysis: {} }), /must run an analysis/);
        await assertResourceViolation(k8sRolloutCanaryAnalysis, rollout({ steps, analysis: { templates: [] } }), /must run an analysis/);
        await assertResourceViolation(k8sRolloutCanaryAnalysis, rollout({ steps, analysis: { templates: [{ templateName: "" }] } }), /must run an analysis/);
        await assertResourceViolation(k8sRolloutCanaryAnalysis, rollout({ steps: [{ analysis: { templates: [{}] } }] }), /must run an analysis/);
        await assertResourceViolation(k8sRolloutCanaryAnalysis, rollout({ steps: [null, { setWeight: 10 }], analysis: { templates: [null] } }), /must run an analysis: .*2 steps without one/);
    });

    it("does not apply to other strategies", async () => {
        assert.deepStrictEqual(await violationsOf(k8sRolloutCanaryAnalysis, rollout(undefined)), []);
        assert.deepStrictEqual(rolloutCanaryAnalysisProblems({}), []);
        assert.deepStrictEqual(rolloutCanaryAnalysisProblems(undefined as any), []);
        assert.deepStrictEqual(rolloutCanaryAnalysisProblems({ spec: {} }), []);
        assert.deepStrictEqual(rolloutCanaryAnalysisProblems({ spec: { strategy: { canary: null } } }), []);
    });
});
