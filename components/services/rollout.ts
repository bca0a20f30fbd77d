/**
 * Canary delivery with Argo Rollouts (app v1.9.0): the `Rollout` that replaces a canary service's Deployment and
 * the `AnalysisTemplate` that judges each rollout on the gateway's view of the service. Pure builders, rendered by
 * Pulumi (`Service`) or by `npm run gitops` for Argo CD; the template is always Pulumi's.
 *
 * - The Rollout carries the whole pod template (the Deployment's, from `deploymentManifest`), so exactly one
 *   controller creates the service's pods; no `workloadRef` (a referenced Deployment scaled to zero beside an HPA
 *   collapses to one pod, argo-rollouts#4110, and stays at zero once the Rollout goes, #3855).
 * - No `spec.replicas`: KEDA's HPA scales the Rollout through its scale subresource.
 * - No traffic router: the Service selects stable and canary pods alike, so `setWeight` is approximated by the
 *   share of pods (20 % of 5 pods is 1 pod). The analysis therefore measures the service as a whole at the gateway:
 *   the canary's errors show diluted by the stable pods' share.
 */
import { CanaryAnalysisConfig, CanaryConfig } from "../../config";
import { KONG_REQUEST_LATENCY_METRIC, KONG_REQUESTS_METRIC, kongServiceName, promqlString } from "../gateway/kongNames";
import { deploymentManifest, DeploymentManifestArgs, serviceLabels } from "./service";

export const ROLLOUTS_API_VERSION = "argoproj.io/v1alpha1";

/** The AnalysisTemplate of a service's canary. */
export function analysisTemplateName(service: string): string {
    return `${service}-gateway`;
}

/**
 * PromQL of the two measurements, over the Kong service KIC generates for `<namespace>.<service>.<port>`.
 * `or vector(0)`: before any series exists the query returns one zero instead of nothing (an empty result is an
 * analysis error, five of which abort). With series but no requests in the window the ratio is NaN (0/0) and the
 * quantile NaN: the success conditions accept NaN, so a quiet service is not rolled back for being quiet.
 */
export function canaryAnalysisQueries(args: { namespace: string; service: string; port: number; analysis: CanaryAnalysisConfig }): { errorRatio: string; latency: string } {
    const selector = `service=${promqlString(kongServiceName(args.namespace, args.service, args.port))}`;
    const window = args.analysis.interval;
    return {
        errorRatio: `(sum(rate(${KONG_REQUESTS_METRIC}{${selector},code=~"5.."}[${window}])) / sum(rate(${KONG_REQUESTS_METRIC}{${selector}}[${window}]))) or vector(0)`,
        latency: `histogram_quantile(${args.analysis.latencyQuantile}, sum by (le) (rate(${KONG_REQUEST_LATENCY_METRIC}_bucket{${selector}}[${window}]))) or vector(0)`,
    };
}

/** The success condition of a measurement: at most `max`, or NaN (no requests in the window). */
export function atMostOrNaN(max: number): string {
    return `isNaN(result[0]) || result[0] <= ${max}`;
}

export interface AnalysisTemplateArgs {
    service: string;
    namespace: string;
    port: number;
    analysis: CanaryAnalysisConfig;
    /** Prometheus that scrapes Kong (the service's `autoscaling.prometheusServerAddress`, kube-prometheus-stack's by default). */
    prometheusAddress: string;
}

/** The AnalysisTemplate: 5xx ratio and latency at the gateway, every `interval`; `failureLimit` failures abort. */
export function analysisTemplateManifest(args: AnalysisTemplateArgs) {
    const { analysis } = args;
    const queries = canaryAnalysisQueries(args);
    const metric = (name: string, query: string, max: number) => ({
        name,
        interval: analysis.interval,
        ...(analysis.count !== undefined ? { count: analysis.count } : {}),
        failureLimit: analysis.failureLimit,
        successCondition: atMostOrNaN(max),
        provider: { prometheus: { address: args.prometheusAddress, query, timeout: 30 } },
    });
    const quantile = Math.round(args.analysis.latencyQuantile * 100);
    return {
        apiVersion: ROLLOUTS_API_VERSION,
        kind: "AnalysisTemplate",
        metadata: { name: analysisTemplateName(args.service), namespace: args.namespace, labels: serviceLabels(args.service) },
        spec: {
            metrics: [metric("gateway-5xx-ratio", queries.errorRatio, analysis.max5xxRatio), metric(`gateway-p${quantile}-latency-ms`, queries.latency, analysis.maxLatencyMs)],
        },
    };
}

/**
 * The Rollout: the Deployment's selector and pod template, a canary strategy with the configured steps and a
 * background analysis from the first step (any failing measurement beyond `failureLimit` aborts: the canary pods
 * go after `abortScaleDownDelaySeconds`, the stable ones were never touched). Surge like the Deployment, never
 * below the current count.
 */
export function rolloutManifest(args: DeploymentManifestArgs & { canary: CanaryConfig }) {
    const deployment = deploymentManifest(args);
    return {
        apiVersion: ROLLOUTS_API_VERSION,
        kind: "Rollout",
        metadata: deployment.metadata,
        spec: {
            selector: deployment.spec.selector,
            revisionHistoryLimit: deployment.spec.revisionHistoryLimit,
            template: deployment.spec.template,
            strategy: {
                canary: {
                    maxSurge: deployment.spec.strategy.rollingUpdate.maxSurge,
                    maxUnavailable: deployment.spec.strategy.rollingUpdate.maxUnavailable,
                    abortScaleDownDelaySeconds: args.canary.abortScaleDownDelaySeconds,
                    analysis: { templates: [{ templateName: analysisTemplateName(args.service) }] },
                    steps: args.canary.steps.map((step) => ("setWeight" in step ? { setWeight: step.setWeight } : { pause: step.pause.duration !== undefined ? { duration: step.pause.duration } : {} })),
                },
            },
        },
    };
}

/** What KEDA scales: the Rollout of a canary service, else its Deployment. */
export function scaleTargetRef(service: string, canary: boolean): { apiVersion: string; kind: string; name: string } {
    return canary ? { apiVersion: ROLLOUTS_API_VERSION, kind: "Rollout", name: service } : { apiVersion: "apps/v1", kind: "Deployment", name: service };
}
