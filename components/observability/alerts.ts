/**
 * Alerts as data: the PrometheusRule groups of selfHosted mode and the equivalent Datadog monitor queries.
 * Metric names come from the exporters at their pinned versions (tests/observability/fixtures/metrics.json):
 * Kong's prometheus plugin (components/gateway/kongNames.ts), kube-state-metrics (with kube-prometheus-stack).
 *
 * Not covered here, on purpose: SQS queue age and dead-letter depth, and data store health. Prometheus has no
 * SQS or RDS metrics (no CloudWatch exporter is deployed); those alarms are CloudWatch alarms on the SNS topic
 * (components/observability/alarms.ts, `platform:alarms`). Certificate expiry: the cluster holds no
 * certificates of its own yet (no cert-manager; TLS terminates on Cloudflare and the load balancer).
 */
import { KONG_REQUEST_LATENCY_METRIC, KONG_REQUESTS_METRIC, promqlString } from "../gateway/kongNames";

export interface AlertThresholds {
    gateway5xxRatio: number;
    gatewayP99LatencyMs: number;
    scalerAtMaxMinutes: number;
    crashLoopRestarts: number;
}

export interface AlertRule {
    alert: string;
    expr: string;
    for: string;
    labels: { severity: "critical" | "warning" };
    annotations: { summary: string; description: string };
}

export interface RuleGroup {
    name: string;
    rules: AlertRule[];
}

/** Share of 5xx responses per Kong service and route over 5 minutes. */
export function gateway5xxRatioQuery(): string {
    const by = "sum by (service, route)";
    return `${by} (rate(${KONG_REQUESTS_METRIC}{code=~"5.."}[5m])) / ${by} (rate(${KONG_REQUESTS_METRIC}[5m]))`;
}

/** A request-latency percentile (ms) per Kong service and route over 5 minutes. */
export function gatewayLatencyQuantileQuery(quantile: number, by = "service, route"): string {
    return `histogram_quantile(${quantile}, sum by (le, ${by}) (rate(${KONG_REQUEST_LATENCY_METRIC}_bucket[5m])))`;
}

function namespaceMatcher(services: readonly string[]): string {
    return `namespace=~${promqlString(services.join("|"))}`;
}

/** Ready pods of one service namespace; 0 (not "no data") when none exists. */
export function readyPodsQuery(service: string): string {
    return `sum(kube_pod_status_ready{namespace=${promqlString(service)}, condition="true"}) or vector(0)`;
}

/** The alert groups: the gateway's per-route errors and latency, each service's availability, autoscalers pinned at their ceiling. */
export function platformRuleGroups(services: readonly string[], t: AlertThresholds): RuleGroup[] {
    const gateway: AlertRule[] = [
        {
            alert: "GatewayRoute5xxRatioHigh",
            expr: `${gateway5xxRatioQuery()} > ${t.gateway5xxRatio}`,
            for: "10m",
            labels: { severity: "critical" },
            annotations: {
                summary: "Kong route {{ $labels.route }} answers too many 5xx",
                description: `More than ${t.gateway5xxRatio * 100}% of requests to service {{ $labels.service }} route {{ $labels.route }} failed with 5xx for 10 minutes ({{ $value | humanizePercentage }}).`,
            },
        },
        {
            alert: "GatewayRouteLatencyP99High",
            expr: `${gatewayLatencyQuantileQuery(0.99)} > ${t.gatewayP99LatencyMs}`,
            for: "10m",
            labels: { severity: "warning" },
            annotations: {
                summary: "Kong route {{ $labels.route }} is slow",
                description: `p99 latency of service {{ $labels.service }} route {{ $labels.route }} has been above ${t.gatewayP99LatencyMs} ms for 10 minutes ({{ $value }} ms).`,
            },
        },
    ];
    const availability: AlertRule[] = services.map((service) => ({
        alert: "ServiceNoReadyPods",
        expr: `(${readyPodsQuery(service)}) == 0`,
        for: "5m",
        labels: { severity: "critical" },
        annotations: { summary: `${service} has no ready pod`, description: `No pod of ${service} (namespace ${service}) has been ready for 5 minutes: the service is down.` },
    }));
    const workloads: AlertRule[] = [
        {
            alert: "ServiceContainerCrashLooping",
            expr: `sum by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total{${namespaceMatcher(services)}}[15m])) >= ${t.crashLoopRestarts}`,
            for: "5m",
            labels: { severity: "warning" },
            annotations: {
                summary: "{{ $labels.namespace }}/{{ $labels.pod }} is crash looping",
                description: `Container {{ $labels.container }} restarted at least ${t.crashLoopRestarts} times in 15 minutes.`,
            },
        },
        {
            alert: "AutoscalerAtMaxReplicas",
            expr: `kube_horizontalpodautoscaler_status_current_replicas{${namespaceMatcher(services)}} >= on (namespace, horizontalpodautoscaler) kube_horizontalpodautoscaler_spec_max_replicas`,
            for: `${t.scalerAtMaxMinutes}m`,
            labels: { severity: "warning" },
            annotations: {
                summary: "{{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} is at its maximum",
                description: `The autoscaler (KEDA's keda-hpa-* or another HPA) has run at maxReplicas for ${t.scalerAtMaxMinutes} minutes: raise the ceiling or find the load.`,
            },
        },
    ];
    return [
        { name: "platform-gateway", rules: gateway },
        { name: "platform-service-availability", rules: availability },
        { name: "platform-workloads", rules: workloads },
    ];
}

export interface DatadogMonitorSpec {
    name: string;
    type: "query alert";
    query: string;
    message: string;
    critical: number;
    tags: string[];
}

/**
 * Datadog monitors equivalent to the PrometheusRules. Kong's datadog plugin tags by Kong service (`name:`,
 * dots replaced by `_`) and status, not by route, so the gateway monitors are per Kong service; p99 needs
 * the agent's histogram percentiles to include 0.99 (set in the chart values). Kubernetes metrics are the
 * Cluster Agent's kubernetes_state_core check.
 */
export function datadogMonitorSpecs(args: { environment: string; clusterName: string; services: readonly string[]; thresholds: AlertThresholds; notify: readonly string[] }): DatadogMonitorSpec[] {
    const scope = `env:${args.environment},kube_cluster_name:${args.clusterName}`;
    const notify = args.notify.length > 0 ? `\n\n${args.notify.join(" ")}` : "";
    const tags = [`env:${args.environment}`, `kube_cluster_name:${args.clusterName}`, "managed-by:pulumi"];
    const t = args.thresholds;
    const monitors: DatadogMonitorSpec[] = [
        {
            name: `[${args.environment} ${args.clusterName}] Gateway 5xx ratio per Kong service`,
            type: "query alert",
            query: `sum(last_10m):sum:kong.request.count{${scope},status:5*} by {name}.as_count() / sum:kong.request.count{${scope}} by {name}.as_count() > ${t.gateway5xxRatio}`,
            message: `More than ${t.gateway5xxRatio * 100}% of requests to Kong service {{name.name}} failed with 5xx.${notify}`,
            critical: t.gateway5xxRatio,
            tags,
        },
        {
            name: `[${args.environment} ${args.clusterName}] Gateway p99 latency per Kong service`,
            type: "query alert",
            query: `avg(last_10m):max:kong.latency.99percentile{${scope}} by {name} > ${t.gatewayP99LatencyMs}`,
            message: `p99 latency of Kong service {{name.name}} is above ${t.gatewayP99LatencyMs} ms.${notify}`,
            critical: t.gatewayP99LatencyMs,
            tags,
        },
        {
            name: `[${args.environment} ${args.clusterName}] Service container crash looping`,
            type: "query alert",
            query: `sum(last_15m):sum:kubernetes_state.container.restarts{${scope}} by {kube_namespace,pod_name}.as_count() >= ${t.crashLoopRestarts}`,
            message: `{{kube_namespace.name}}/{{pod_name.name}} restarted at least ${t.crashLoopRestarts} times in 15 minutes.${notify}`,
            critical: t.crashLoopRestarts,
            tags,
        },
        {
            name: `[${args.environment} ${args.clusterName}] Autoscaler at max replicas`,
            type: "query alert",
            query: `min(last_${t.scalerAtMaxMinutes}m):max:kubernetes_state.hpa.current_replicas{${scope}} by {kube_namespace,horizontalpodautoscaler} - max:kubernetes_state.hpa.max_replicas{${scope}} by {kube_namespace,horizontalpodautoscaler} >= 0`,
            message: `{{kube_namespace.name}}/{{horizontalpodautoscaler.name}} has been at maxReplicas for ${t.scalerAtMaxMinutes} minutes.${notify}`,
            critical: 0,
            tags,
        },
    ];
    for (const service of args.services) {
        monitors.push({
            name: `[${args.environment} ${args.clusterName}] ${service} has no available replica`,
            type: "query alert",
            query: `max(last_5m):sum:kubernetes_state.deployment.replicas_available{${scope},kube_namespace:${service}} < 1`,
            message: `No replica of ${service} has been available for 5 minutes: the service is down.${notify}`,
            critical: 1,
            tags: [...tags, `service:${service}`],
        });
    }
    return monitors;
}
