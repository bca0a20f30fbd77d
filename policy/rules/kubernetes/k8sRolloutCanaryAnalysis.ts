/**
 * k8s-rollout-canary-analysis: a canary without analysis is a slow rolling update; nothing stops a bad version
 * from reaching every pod. An Argo Rollouts canary must name an AnalysisTemplate, as background analysis
 * (`strategy.canary.analysis`) or in an analysis step. Exported as a pure function for `npm run gitops`.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf, validateResourceOfTokens } from "../../lib/validate";

export const ROLLOUT_TOKEN = "kubernetes:argoproj.io/v1alpha1:Rollout";

const namesTemplate = (analysis: any) => listOf(analysis?.templates).some((t: any) => typeof t?.templateName === "string" && t.templateName !== "");

export function rolloutCanaryAnalysisProblems(props: Record<string, any>): string[] {
    const canary = props?.spec?.strategy?.canary;
    if (canary === undefined || canary === null) {
        return [];
    }
    const background = namesTemplate(canary.analysis);
    const inSteps = listOf(canary.steps).some((step: any) => namesTemplate(step?.analysis));
    if (background || inSteps) {
        return [];
    }
    return [`spec.strategy.canary must run an analysis: analysis.templates or an analysis step naming a templateName (found: analysis ${found(canary.analysis)}, ${listOf(canary.steps).length} steps without one)`];
}

export const k8sRolloutCanaryAnalysis: PlatformResourcePolicy = {
    name: "k8s-rollout-canary-analysis",
    description: "Argo Rollouts canaries must run an analysis (background strategy.canary.analysis or an analysis step) naming an AnalysisTemplate.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "kubernetes",
    anchors: [],
    remediationSteps: "Set `spec.strategy.canary.analysis.templates: [{ templateName: <service>-gateway }]` (components/services/rollout.ts renders it from `services.<name>.canary`).",
    validateResource: validateResourceOfTokens([ROLLOUT_TOKEN], (props, _args, reportViolation) => {
        for (const problem of rolloutCanaryAnalysisProblems(props)) {
            reportViolation(problem);
        }
    }),
};
