/**
 * Grafana dashboards as code: plain JSON models built by pure functions, shipped in one ConfigMap that
 * Grafana's sidecar loads (label `grafana_dashboard: "1"`). PromQL names only metrics the exporters emit
 * (Kong's prometheus plugin, kube-state-metrics, the kubelet's cAdvisor); the data store dashboard reads
 * CloudWatch, where RDS, ElastiCache and SQS publish.
 */
import { KONG_REQUESTS_METRIC } from "../gateway/kongNames";
import { gateway5xxRatioQuery, gatewayLatencyQuantileQuery, readyPodsQuery } from "./alerts";

export interface Target {
    expr?: string;
    legendFormat?: string;
    refId: string;
    /** CloudWatch targets. */
    namespace?: string;
    metricName?: string;
    statistic?: string;
    dimensions?: Record<string, string>;
    region?: string;
    matchExact?: boolean;
}

export interface Panel {
    id: number;
    title: string;
    type: "timeseries";
    datasource: { type: string; uid: string };
    gridPos: { h: number; w: number; x: number; y: number };
    fieldConfig: { defaults: { unit: string }; overrides: never[] };
    targets: Target[];
}

export interface Dashboard {
    uid: string;
    title: string;
    tags: string[];
    timezone: "utc";
    schemaVersion: number;
    refresh: string;
    time: { from: string; to: string };
    templating: { list: unknown[] };
    panels: Panel[];
}

const PROMETHEUS = { type: "prometheus", uid: "prometheus" };
const CLOUDWATCH = { type: "cloudwatch", uid: "cloudwatch" };

/** Lays panels out two per row. */
function panels(specs: Array<Omit<Panel, "id" | "gridPos" | "type" | "fieldConfig"> & { unit: string }>): Panel[] {
    return specs.map(({ unit, ...spec }, i) => ({
        ...spec,
        id: i + 1,
        type: "timeseries",
        gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
        fieldConfig: { defaults: { unit }, overrides: [] },
    }));
}

function dashboard(uid: string, title: string, body: Panel[], templating: unknown[] = []): Dashboard {
    return { uid, title, tags: ["platform"], timezone: "utc", schemaVersion: 39, refresh: "1m", time: { from: "now-6h", to: "now" }, templating: { list: templating }, panels: body };
}

/** Gateway: requests, 4xx and 5xx rates, and latency percentiles per route. */
export function gatewayDashboard(): Dashboard {
    const rateBy = (matcher: string) => `sum by (service, route) (rate(${KONG_REQUESTS_METRIC}${matcher}[5m]))`;
    return dashboard(
        "platform-gateway",
        "Platform / Gateway (Kong)",
        panels([
            { title: "Requests per second by route", datasource: PROMETHEUS, unit: "reqps", targets: [{ refId: "A", expr: rateBy(""), legendFormat: "{{route}}" }] },
            { title: "4xx per second by route", datasource: PROMETHEUS, unit: "reqps", targets: [{ refId: "A", expr: rateBy('{code=~"4.."}'), legendFormat: "{{route}}" }] },
            { title: "5xx per second by route", datasource: PROMETHEUS, unit: "reqps", targets: [{ refId: "A", expr: rateBy('{code=~"5.."}'), legendFormat: "{{route}}" }] },
            { title: "5xx ratio by route", datasource: PROMETHEUS, unit: "percentunit", targets: [{ refId: "A", expr: gateway5xxRatioQuery(), legendFormat: "{{route}}" }] },
            {
                title: "Latency percentiles by route (ms)",
                datasource: PROMETHEUS,
                unit: "ms",
                targets: [0.5, 0.95, 0.99].map((q, i) => ({ refId: String.fromCharCode(65 + i), expr: gatewayLatencyQuantileQuery(q), legendFormat: `p${q * 100} {{route}}` })),
            },
        ]),
    );
}

/**
 * Golden signals per service (a `service` variable over the configured services): traffic, errors and
 * latency as the gateway sees them, saturation from the pods' CPU and memory, and ready pods.
 */
export function servicesDashboard(services: readonly string[]): Dashboard {
    const kong = `service=~"$service\\\\..*"`;
    return dashboard(
        "platform-services",
        "Platform / Services (golden signals)",
        panels([
            { title: "Traffic (requests per second)", datasource: PROMETHEUS, unit: "reqps", targets: [{ refId: "A", expr: `sum(rate(${KONG_REQUESTS_METRIC}{${kong}}[5m]))`, legendFormat: "$service" }] },
            {
                title: "Errors (5xx ratio)",
                datasource: PROMETHEUS,
                unit: "percentunit",
                targets: [{ refId: "A", expr: `sum(rate(${KONG_REQUESTS_METRIC}{${kong}, code=~"5.."}[5m])) / sum(rate(${KONG_REQUESTS_METRIC}{${kong}}[5m]))`, legendFormat: "$service" }],
            },
            {
                title: "Latency (ms)",
                datasource: PROMETHEUS,
                unit: "ms",
                targets: [0.5, 0.99].map((q, i) => ({
                    refId: String.fromCharCode(65 + i),
                    expr: `histogram_quantile(${q}, sum by (le) (rate(kong_request_latency_ms_bucket{${kong}}[5m])))`,
                    legendFormat: `p${q * 100}`,
                })),
            },
            {
                title: "Saturation: CPU (cores) and memory (bytes)",
                datasource: PROMETHEUS,
                unit: "short",
                targets: [
                    { refId: "A", expr: `sum(rate(container_cpu_usage_seconds_total{namespace="$service", container!=""}[5m]))`, legendFormat: "cpu" },
                    { refId: "B", expr: `sum(container_memory_working_set_bytes{namespace="$service", container!=""})`, legendFormat: "memory" },
                ],
            },
            { title: "Ready pods", datasource: PROMETHEUS, unit: "short", targets: [{ refId: "A", expr: readyPodsQuery("$service"), legendFormat: "ready" }] },
            {
                title: "Container restarts (15m)",
                datasource: PROMETHEUS,
                unit: "short",
                targets: [{ refId: "A", expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{namespace="$service"}[15m]))`, legendFormat: "{{pod}}" }],
            },
        ]),
        [
            {
                name: "service",
                label: "Service",
                type: "custom",
                query: services.join(","),
                current: { text: services[0] ?? "", value: services[0] ?? "" },
                options: services.map((s, i) => ({ text: s, value: s, selected: i === 0 })),
            },
        ],
    );
}

/** Data stores from CloudWatch: Postgres (and its replica's lag), Redis memory and evictions, SQS age and dead letters. */
export function dataStoresDashboard(args: { region: string; postgresInstanceId?: string; redis: boolean; queues: Array<{ name: string; deadLetterName: string }> }): Dashboard {
    const cw = (refId: string, namespace: string, metricName: string, statistic: string, dimensions: Record<string, string>): Target => ({
        refId,
        namespace,
        metricName,
        statistic,
        dimensions,
        region: args.region,
        matchExact: false,
    });
    const specs: Array<Omit<Panel, "id" | "gridPos" | "type" | "fieldConfig"> & { unit: string }> = [];
    if (args.postgresInstanceId) {
        const db = { DBInstanceIdentifier: args.postgresInstanceId };
        specs.push(
            { title: "Postgres CPU (%)", datasource: CLOUDWATCH, unit: "percent", targets: [cw("A", "AWS/RDS", "CPUUtilization", "Average", db)] },
            { title: "Postgres free storage (bytes)", datasource: CLOUDWATCH, unit: "bytes", targets: [cw("A", "AWS/RDS", "FreeStorageSpace", "Minimum", db)] },
            { title: "Postgres connections", datasource: CLOUDWATCH, unit: "short", targets: [cw("A", "AWS/RDS", "DatabaseConnections", "Maximum", db)] },
            { title: "Postgres replica lag (s), all replicas", datasource: CLOUDWATCH, unit: "s", targets: [cw("A", "AWS/RDS", "ReplicaLag", "Maximum", {})] },
        );
    }
    if (args.redis) {
        // Every replication group of the region (the platform runs one).
        const group = {};
        specs.push(
            { title: "Redis memory used (%)", datasource: CLOUDWATCH, unit: "percent", targets: [cw("A", "AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "Maximum", group)] },
            { title: "Redis evictions", datasource: CLOUDWATCH, unit: "short", targets: [cw("A", "AWS/ElastiCache", "Evictions", "Sum", group)] },
        );
    }
    for (const queue of args.queues) {
        specs.push(
            { title: `${queue.name}: age of oldest message (s)`, datasource: CLOUDWATCH, unit: "s", targets: [cw("A", "AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum", { QueueName: queue.name })] },
            { title: `${queue.deadLetterName}: messages`, datasource: CLOUDWATCH, unit: "short", targets: [cw("A", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", { QueueName: queue.deadLetterName })] },
        );
    }
    return dashboard("platform-datastores", "Platform / Data stores", panels(specs));
}

/** Every PromQL expression of a dashboard (for the parser and metric-name checks). */
export function dashboardPromql(d: Dashboard): string[] {
    return d.panels.filter((p) => p.datasource.type === "prometheus").flatMap((p) => p.targets.map((t) => t.expr!));
}
