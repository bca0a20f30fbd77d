/**
 * Names the observability module shares with other modules (gateway, services): namespaces, releases,
 * the label Prometheus selects by, and the in-cluster endpoints other workloads send to.
 */

/** kube-prometheus-stack, Tempo and the monitoring secrets live here (shared contract, common rules). */
export const MONITORING_NAMESPACE = "monitoring";
/**
 * Node-level agents that need host access (node exporter, Fluent Bit, the Datadog agent): the documented Pod
 * Security exceptions, kept out of `monitoring` so that namespace stays `restricted`.
 */
export const NODE_AGENTS_NAMESPACE = "monitoring-node-agents";
export const KUBE_PROMETHEUS_STACK_RELEASE = "kube-prometheus-stack";
/** ServiceMonitors, PodMonitors and PrometheusRules must carry this label to be picked up. */
export const PROMETHEUS_SELECTOR_LABELS = { release: KUBE_PROMETHEUS_STACK_RELEASE } as const;
export const PROMETHEUS_URL = `http://${KUBE_PROMETHEUS_STACK_RELEASE}-prometheus.${MONITORING_NAMESPACE}.svc:9090`;
export const METRICS_SERVER_RELEASE = "metrics-server";
export const METRICS_SERVER_NAMESPACE = "kube-system";
export const TEMPO_RELEASE = "tempo";
/** Tempo's OTLP/HTTP receiver port (chart values `tempo.receivers.otlp.protocols.http.endpoint`). */
export const OTLP_HTTP_PORT = 4318;
export const FLUENT_BIT_RELEASE = "fluent-bit";
export const DATADOG_RELEASE = "datadog";
/** DogStatsD port of the agent's node-local Service (chart default `datadog.dogstatsd.port`). */
export const DOGSTATSD_PORT = 8125;

/** Grafana's dashboard sidecar picks up ConfigMaps with this label (kube-prometheus-stack `grafana.sidecar.dashboards.label`/`labelValue`). */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;

/** Secrets the monitoring stack reads live under this Secrets Manager path; its roles read nothing else. */
export function monitoringSecretPrefix(environment: string): string {
    return `platform/${environment}/monitoring/`;
}

/** Full Secrets Manager name of a monitoring secret configured relative to the prefix. */
export function monitoringSecretName(environment: string, relative: string): string {
    return `${monitoringSecretPrefix(environment)}${relative}`;
}

/** Kong's `opentelemetry` plugin `traces_endpoint` (OTLP/HTTP). */
export function tempoTracesEndpoint(): string {
    return `http://${TEMPO_RELEASE}.${MONITORING_NAMESPACE}.svc.cluster.local:${OTLP_HTTP_PORT}/v1/traces`;
}

/** Kong's `datadog` plugin `host`: the agent's node-local Service (`internalTrafficPolicy: Local`), named after the release. */
export function datadogAgentHost(): string {
    return `${DATADOG_RELEASE}.${NODE_AGENTS_NAMESPACE}.svc.cluster.local`;
}

/**
 * Whether the prometheus-operator CRDs (ServiceMonitor, PodMonitor, PrometheusRule) exist in a stack: only in
 * selfHosted mode, where kube-prometheus-stack installs them. The gateway creates Kong's ServiceMonitor (its
 * chart's `serviceMonitor.enabled`) only when this is true.
 */
export function monitoringCrdsExist(observability: { mode: "selfHosted" | "datadog" } | undefined): boolean {
    return observability?.mode === "selfHosted";
}
